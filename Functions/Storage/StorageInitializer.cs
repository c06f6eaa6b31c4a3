using Microsoft.Extensions.Logging;

namespace RecordingFunctions.Storage;

/// <summary>Creates the containers and tables once per process; a failed attempt is tried again on the next call.</summary>
public sealed class StorageInitializer(BlobContainers containers, StorageTables tables, ILogger<StorageInitializer> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

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

            await Task.WhenAll(
                containers.Recordings.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                containers.Models.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                containers.Archives.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                containers.Config.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                containers.Exports.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            await Task.WhenAll(tables.All.Select(table => table.CreateIfNotExistsAsync(cancellationToken)));
            _created = true;
            logger.LogInformation("Storage ready: containers {Recordings} and siblings, tables {Tables}",
                containers.Recordings.Name, string.Join(", ", tables.All.Select(t => t.Name)));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
