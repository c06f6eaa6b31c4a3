using System.Security.Cryptography;

namespace RecordingFunctions.Security;

/// <summary>
/// Slows password guessing: after <see cref="FreeFailures"/> wrong passwords from one address, that address waits a
/// cool-down that doubles with each further failure (up to <see cref="MaxCoolDown"/>). The state is in Table storage
/// so that every instance sees it.
/// </summary>
public sealed class LoginThrottle(StorageTables tables, TimeProvider clock)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan MaxCoolDown = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);
    private const string Partition = "source";

    /// <summary>What is on record for the address: how long it must still wait (null: it may try), and whether it has recent failures.</summary>
    public async Task<ThrottleState> ReadAsync(string source, CancellationToken cancellationToken)
    {
        var row = await tables.LoginAttempts.GetEntityIfExistsAsync<TableEntity>(Partition, Key(source), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return ThrottleState.Clean;
        }

        var until = row.Value!.GetDateTimeOffset("LockedUntil");
        var now = clock.GetUtcNow();
        return new ThrottleState(until > now ? until.Value - now : null, HasFailures: true);
    }

    public Task RecordFailureAsync(string source, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async () =>
        {
            var found = await tables.LoginAttempts.GetEntityIfExistsAsync<TableEntity>(Partition, Key(source), cancellationToken: cancellationToken);
            var now = clock.GetUtcNow();
            var row = found.HasValue ? found.Value! : new TableEntity(Partition, Key(source));
            var lastFailure = row.GetDateTimeOffset("LastFailure");
            var failures = lastFailure is { } last && now - last < ForgetAfter ? (row.GetInt32("Failures") ?? 0) + 1 : 1;
            row["Failures"] = failures;
            row["LastFailure"] = now;
            row["Source"] = source;
            if (failures >= FreeFailures)
            {
                var seconds = Math.Min(Math.Pow(2, failures - FreeFailures), MaxCoolDown.TotalSeconds);
                row["LockedUntil"] = now + TimeSpan.FromSeconds(seconds);
            }

            if (found.HasValue)
            {
                await tables.LoginAttempts.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await tables.LoginAttempts.AddEntityAsync(row, cancellationToken);
            }
        }, cancellationToken);

    /// <summary>Forgets the address's failures; called only when it had some, so a normal sign-in costs one read.</summary>
    public async Task RecordSuccessAsync(string source, CancellationToken cancellationToken)
    {
        try
        {
            await tables.LoginAttempts.DeleteEntityAsync(Partition, Key(source), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Nothing to forget.
        }
    }

    /// <summary>Row keys cannot hold every character of an address (IPv6 ':' is fine, but '/' or '#' from a forged header are not).</summary>
    private static string Key(string source) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..32];
}

public sealed record ThrottleState(TimeSpan? CoolDown, bool HasFailures)
{
    public static readonly ThrottleState Clean = new(null, false);
}
