using Microsoft.Extensions.Hosting;

namespace RecordingFunctions.Storage;

/// <summary>
/// Creates the containers and tables once per process: at start (as a hosted service, so a host is ready before it
/// serves), and otherwise before the first invocation that needs them (<see cref="StorageReadyMiddleware"/> and the
/// development host's invokers). The stores never check. A start while storage does not answer is logged, not fatal:
/// the instance keeps running and the next invocation tries again.
/// </summary>
public sealed class StorageInitializer(BlobContainers containers, StorageTables tables, ILogger<StorageInitializer> logger)
    : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception e) when (StorageOutage.Caused(e))
        {
            logger.LogWarning(e, "Storage did not answer at start; the containers and tables are created with the first invocation");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_created)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_created)
            {
                return;
            }

            await Task.WhenAll(containers.All.Select(container => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
            await Task.WhenAll(tables.All.Select(table => table.CreateIfNotExistsAsync(cancellationToken)));
            _created = true;
            logger.LogInformation("Storage ready: containers {Containers}, tables {Tables}",
                string.Join(", ", containers.All.Select(c => c.Name)), string.Join(", ", tables.All.Select(t => t.Name)));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
