namespace RecordingFunctions.Storage;

/// <summary>
/// Paired devices: finding one by its token, noting when it was last seen, revoking and removing it, and counting the
/// sets it started. Devices are keyed by the SHA-256 of their token; the token itself is never stored.
/// <see cref="PairingRequests"/> records a device when it hands out a grant.
/// </summary>
public sealed class DeviceRegistry(StorageTables tables, TimeProvider clock, ILogger<DeviceRegistry> logger)
{
    internal const string RowPrefix = "device-";
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    private TableClient Table => tables.Pairing;

    /// <summary>The row of a device paired now, holding <paramref name="token"/>.</summary>
    internal static TableEntity NewDeviceRow(string token, string identifier, DateTimeOffset now) =>
        new(PairingPartition.Key, RowPrefix + Secrets.TokenHash(token))
        {
            [nameof(PairedDevice.Identifier)] = identifier,
            [nameof(PairedDevice.PairedAt)] = now,
            [nameof(PairedDevice.LastSeen)] = now,
            [nameof(PairedDevice.SetsUploaded)] = 0,
        };

    public async Task<IReadOnlyList<PairedDevice>> ListDevicesAsync(CancellationToken cancellationToken)
    {
        var devices = new List<PairedDevice>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(PairingPartition.RowsStartingWith(RowPrefix), cancellationToken: cancellationToken))
        {
            devices.Add(PairedDevice.From(entity));
        }

        return [.. devices.OrderByDescending(d => d.PairedAt)];
    }

    /// <summary>
    /// Revokes a paired device: its token stops working with the next request. The device stays listed as revoked
    /// (the watch keeps sending its token until its wearer deletes it), and a device revoked before is removed.
    /// </summary>
    /// <returns>What was done to which device, or null when there was none.</returns>
    public Task<Revocation?> RevokeAsync(string deviceId, CancellationToken cancellationToken) =>
        // A lost race: the device was seen or counted a set meanwhile; decide again on what is there now.
        OptimisticConcurrency.RetryAsync(async () =>
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(PairingPartition.Key, RowPrefix + deviceId, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                return null;
            }

            var entity = existing.Value!;
            var device = PairedDevice.From(entity);
            try
            {
                if (device.RevokedAt is not null)
                {
                    await Table.DeleteEntityAsync(entity, entity.ETag, cancellationToken);
                    logger.LogInformation("Removed the revoked device {Identifier}", device.Identifier);
                    return new Revocation(device, Removed: true);
                }

                var now = clock.GetUtcNow();
                var update = new TableEntity(PairingPartition.Key, entity.RowKey) { [nameof(PairedDevice.RevokedAt)] = now };
                await Table.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken);
                logger.LogInformation("Revoked device {Identifier}", device.Identifier);
                return new Revocation(device with { RevokedAt = now }, Removed: false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>
    /// The paired device holding this token, or null (also for a revoked one); notes when it was last seen, a revoked
    /// device too, so the page shows whether its watch is still trying with the old token.
    /// </summary>
    public async Task<PairedDevice?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(PairingPartition.Key, RowPrefix + Secrets.TokenHash(token), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        await NoteSeenAsync(found.Value!, cancellationToken);
        var device = PairedDevice.From(found.Value!);
        return device.RevokedAt is null ? device : null;
    }

    /// <summary>
    /// The one write inside a watch's authentication: when the device was last seen, at most once a minute, so that a
    /// watch sending many files does not rewrite its row for each.
    /// </summary>
    private async Task NoteSeenAsync(TableEntity device, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - (device.GetDateTimeOffset(nameof(PairedDevice.LastSeen)) ?? DateTimeOffset.MinValue) <= LastSeenResolution)
        {
            return;
        }

        var update = new TableEntity(PairingPartition.Key, device.RowKey) { [nameof(PairedDevice.LastSeen)] = now };
        try
        {
            await Table.UpdateEntityAsync(update, device.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            // Another request noted it first, or the device was revoked a moment ago; either way nothing to add.
        }
    }

    /// <summary>Counts a set that this device started.</summary>
    public Task CountNewSetAsync(string deviceId, CancellationToken cancellationToken) =>
        // A device starting many sets at once races itself; the policy spreads the retries out.
        OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(PairingPartition.Key, RowPrefix + deviceId, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return;
            }

            var entity = found.Value!;
            var update = new TableEntity(PairingPartition.Key, entity.RowKey)
            {
                [nameof(PairedDevice.SetsUploaded)] = (entity.GetInt32(nameof(PairedDevice.SetsUploaded)) ?? 0) + 1,
            };
            await Table.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken);
        }, cancellationToken);
}

/// <summary>A paired device; <see cref="RevokedAt"/> is set once its token no longer works.</summary>
public sealed record PairedDevice(string Id, string Identifier, DateTimeOffset PairedAt, DateTimeOffset LastSeen, int SetsUploaded, DateTimeOffset? RevokedAt)
{
    internal static PairedDevice From(TableEntity entity) => new(
        entity.RowKey[DeviceRegistry.RowPrefix.Length..],
        entity.GetString(nameof(Identifier)) ?? "",
        entity.GetDateTimeOffset(nameof(PairedAt)) ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset(nameof(LastSeen)) ?? DateTimeOffset.MinValue,
        entity.GetInt32(nameof(SetsUploaded)) ?? 0,
        entity.GetDateTimeOffset(nameof(RevokedAt)));
}

/// <summary>What revoking did: revoked the device, or removed one revoked before.</summary>
public sealed record Revocation(PairedDevice Device, bool Removed);
