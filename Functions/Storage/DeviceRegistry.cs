using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using RecordingFunctions.Security;

namespace RecordingFunctions.Storage;

/// <summary>
/// Pairing requests and paired devices, in one table partition so that handing out a grant (deleting the request)
/// and recording the device happen in one transaction, conditional on the request's ETag: exactly one caller ever
/// receives a given grant. Devices are keyed by the SHA-256 of their token; the token itself is never stored.
/// </summary>
public sealed class DeviceRegistry(StorageTables tables, StorageInitializer storage, TimeProvider clock, ILogger<DeviceRegistry> logger)
{
    private const string Partition = "pairing";
    private const string RequestPrefix = "request-";
    private const string DevicePrefix = "device-";
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    private TableClient Table => tables.Pairing;

    /// <summary>The watch asks for a token: records a request, reports it pending, or hands out the token once granted.</summary>
    public async Task<PairingAnswer> RequestTokenAsync(string identifier, string source, TimeSpan requestLifetime, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var rowKey = RequestPrefix + RequestId(identifier);
        var now = clock.GetUtcNow();
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: cancellationToken);
        var request = existing.HasValue ? PairingRequest.From(existing.Value!) : null;

        if (request is not null && request.IsExpired(now, requestLifetime))
        {
            await DeleteIfUnchangedAsync(existing.Value!, cancellationToken);
            request = null;
        }

        if (request is null)
        {
            var entity = new TableEntity(Partition, rowKey)
            {
                [nameof(PairingRequest.Identifier)] = identifier,
                [nameof(PairingRequest.RequestedAt)] = now,
                [nameof(PairingRequest.Source)] = source,
                [nameof(PairingRequest.Granted)] = false,
            };
            try
            {
                await Table.AddEntityAsync(entity, cancellationToken);
                logger.LogInformation("Pairing requested by {Identifier} from {Source}", identifier, source);
                return PairingAnswer.Created;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return PairingAnswer.Pending;
            }
        }

        if (!request.Granted)
        {
            return PairingAnswer.Pending;
        }

        var token = Secrets.NewSecret(43);
        var device = new TableEntity(Partition, DevicePrefix + Secrets.TokenHash(token))
        {
            [nameof(PairedDevice.Identifier)] = identifier,
            [nameof(PairedDevice.PairedAt)] = now,
            [nameof(PairedDevice.LastSeen)] = now,
            [nameof(PairedDevice.SetsUploaded)] = 0,
        };
        try
        {
            await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Delete, existing.Value!, existing.Value!.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, device),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            // Another caller consumed this grant between our read and our transaction.
            return PairingAnswer.Pending;
        }

        logger.LogInformation("Handed the granted token to {Identifier}", identifier);
        return PairingAnswer.Grant(token);
    }

    public async Task<IReadOnlyList<PairingRequest>> ListRequestsAsync(TimeSpan requestLifetime, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var requests = new List<PairingRequest>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(RangeFilter(RequestPrefix), cancellationToken: cancellationToken))
        {
            var request = PairingRequest.From(entity);
            if (!request.IsExpired(now, requestLifetime))
            {
                requests.Add(request);
            }
        }

        return [.. requests.OrderByDescending(r => r.RequestedAt)];
    }

    /// <returns>The granted request, or null when there is no such (unexpired) request.</returns>
    public async Task<PairingRequest?> GrantAsync(string requestId, TimeSpan requestLifetime, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, RequestPrefix + requestId, cancellationToken: cancellationToken);
            if (!existing.HasValue || PairingRequest.From(existing.Value!).IsExpired(clock.GetUtcNow(), requestLifetime))
            {
                return null;
            }

            var entity = existing.Value!;
            if (entity.GetBoolean(nameof(PairingRequest.Granted)) == true)
            {
                return PairingRequest.From(entity);
            }

            entity[nameof(PairingRequest.Granted)] = true;
            entity[nameof(PairingRequest.GrantedAt)] = clock.GetUtcNow();
            try
            {
                await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return PairingRequest.From(entity);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }
    }

    /// <returns>The denied request, or null when there was none.</returns>
    public async Task<PairingRequest?> DenyAsync(string requestId, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, RequestPrefix + requestId, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return null;
        }

        await Table.DeleteEntityAsync(existing.Value!, ETag.All, cancellationToken);
        return PairingRequest.From(existing.Value!);
    }

    public async Task<IReadOnlyList<PairedDevice>> ListDevicesAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var devices = new List<PairedDevice>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(RangeFilter(DevicePrefix), cancellationToken: cancellationToken))
        {
            devices.Add(PairedDevice.From(entity));
        }

        return [.. devices.OrderByDescending(d => d.PairedAt)];
    }

    /// <summary>Revokes a device: its token stops working with the next request.</summary>
    /// <returns>The revoked device, or null when there was none.</returns>
    public async Task<PairedDevice?> RevokeAsync(string deviceId, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, DevicePrefix + deviceId, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return null;
        }

        await Table.DeleteEntityAsync(existing.Value!, ETag.All, cancellationToken);
        logger.LogInformation("Revoked device {Identifier}", existing.Value!.GetString(nameof(PairedDevice.Identifier)));
        return PairedDevice.From(existing.Value!);
    }

    /// <summary>The paired device holding this token, or null; notes when it was last seen.</summary>
    public async Task<PairedDevice?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, DevicePrefix + Secrets.TokenHash(token), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var entity = found.Value!;
        var now = clock.GetUtcNow();
        if (now - (entity.GetDateTimeOffset(nameof(PairedDevice.LastSeen)) ?? DateTimeOffset.MinValue) > LastSeenResolution)
        {
            var update = new TableEntity(Partition, entity.RowKey) { [nameof(PairedDevice.LastSeen)] = now };
            try
            {
                await Table.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                // Another request noted it first, or the device was revoked a moment ago; either way nothing to add.
            }
        }

        return PairedDevice.From(entity);
    }

    /// <summary>Counts a set that this device started.</summary>
    public async Task CountNewSetAsync(string deviceId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, DevicePrefix + deviceId, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return;
            }

            var entity = found.Value!;
            var update = new TableEntity(Partition, entity.RowKey)
            {
                [nameof(PairedDevice.SetsUploaded)] = (entity.GetInt32(nameof(PairedDevice.SetsUploaded)) ?? 0) + 1,
            };
            try
            {
                await Table.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 20)
            {
                // A device starting many sets at once races itself; spread the retries out.
                await Task.Delay(Random.Shared.Next(5, 25 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Request ids are derived from the identifier, so one identifier has at most one open request.</summary>
    public static string RequestId(string identifier) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identifier)))[..32];

    private static string RangeFilter(string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "."}");

    private async Task DeleteIfUnchangedAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(entity, entity.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Someone else replaced or removed the expired request first.
        }
    }
}

public sealed record PairingAnswer(string Status, string? Token, string? Message)
{
    public static readonly PairingAnswer Created = new("new", null, "created request");
    public static readonly PairingAnswer Pending = new("pending", null, "waiting for confirmation");

    public static PairingAnswer Grant(string token) => new("grant", token, null);
}

public sealed record PairingRequest(string Id, string Identifier, DateTimeOffset RequestedAt, string Source, bool Granted, DateTimeOffset? GrantedAt)
{
    public bool IsExpired(DateTimeOffset now, TimeSpan lifetime) => (GrantedAt ?? RequestedAt) + lifetime < now;

    internal static PairingRequest From(TableEntity entity) => new(
        entity.RowKey["request-".Length..],
        entity.GetString(nameof(Identifier)) ?? "",
        entity.GetDateTimeOffset(nameof(RequestedAt)) ?? DateTimeOffset.MinValue,
        entity.GetString(nameof(Source)) ?? "",
        entity.GetBoolean(nameof(Granted)) ?? false,
        entity.GetDateTimeOffset(nameof(GrantedAt)));
}

public sealed record PairedDevice(string Id, string Identifier, DateTimeOffset PairedAt, DateTimeOffset LastSeen, int SetsUploaded)
{
    internal static PairedDevice From(TableEntity entity) => new(
        entity.RowKey["device-".Length..],
        entity.GetString(nameof(Identifier)) ?? "",
        entity.GetDateTimeOffset(nameof(PairedAt)) ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset(nameof(LastSeen)) ?? DateTimeOffset.MinValue,
        entity.GetInt32(nameof(SetsUploaded)) ?? 0);
}
