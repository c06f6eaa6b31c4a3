namespace RecordingFunctions.Storage;

/// <summary>Whether storage answers now: its containers and tables exist, and one blob and one table request are served.</summary>
public sealed class StorageProbe(StorageInitializer storage, BlobContainers containers, StorageTables tables, ILogger<StorageProbe> logger)
{
    /// <summary>Uptime monitors give up after about ten seconds; the SDK's retries would take longer.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <returns>False when storage failed or did not answer within <see cref="Patience"/> (logged as a warning).</returns>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await storage.EnsureCreatedAsync(patience.Token);
            await containers.Config.ExistsAsync(patience.Token);
            await tables.Pairing.QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: patience.Token)
                .AsPages(pageSizeHint: 1).GetAsyncEnumerator(patience.Token).MoveNextAsync();
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(e, "Health check: storage did not answer");
            return false;
        }
    }
}
