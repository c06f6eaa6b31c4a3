using System.Threading.Channels;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using RecordingFunctions.Storage;

namespace RecordingFunctions.DevHost;

/// <summary>
/// Stands in for the Functions host's blob trigger: every committed recording is delivered to the polling blob
/// trigger function, several at a time, retried up to five times like the host's poison-queue limit.
/// </summary>
public sealed class BlobTriggerDelivery(IServiceProvider services, ILogger<BlobTriggerDelivery> logger) : BackgroundService, IRecordingEvents
{
    private const int MaxAttempts = 5;
    private const int Parallelism = 4;
    private readonly Channel<(string SetId, string FileName)> _created = Channel.CreateUnbounded<(string, string)>();

    public ValueTask FileStoredAsync(string setId, string fileName, CancellationToken cancellationToken) =>
        _created.Writer.WriteAsync((setId, fileName), cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var function = FunctionRoutes.BlobFunctions(FunctionEndpoints.FunctionsAssembly).Single(f => f.Source == BlobTriggerSource.LogsAndContainerScan);
        logger.LogInformation("Delivering blob-created events to {Function} ({Path})", function.Name, function.Path);
        return Parallel.ForEachAsync(
            _created.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
            (created, token) => new ValueTask(DeliverAsync(function, created.SetId, created.FileName, token)));
    }

    private async Task DeliverAsync(BlobFunction function, string setId, string fileName, CancellationToken cancellationToken)
    {
        var blob = services.GetRequiredService<BlobContainers>().Recordings.GetBlobClient($"{setId}/{fileName}");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InvokeAsync(function, blob, setId, fileName, cancellationToken);
                return;
            }
            catch (Exception e) when (attempt < MaxAttempts && e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Function} failed for {Blob} (attempt {Attempt}); retrying", function.Name, blob.Name, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private async Task InvokeAsync(BlobFunction function, BlobClient blob, string setId, string fileName, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters().Select(parameter => parameter.ParameterType switch
        {
            var type when type == typeof(BlobClient) => blob,
            var type when type == typeof(CancellationToken) => cancellationToken,
            _ when parameter.Name == "uuid" => setId,
            _ when parameter.Name == "name" => (object)fileName,
            _ => throw new NotSupportedException($"The development host cannot bind {parameter.Name} of {function.Name}."),
        }).ToArray();
        await (Task)function.Method.Invoke(instance, arguments)!;
    }
}
