using System.Reflection;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using RecordingFunctions.Storage;

namespace RecordingFunctions.DevHost;

/// <summary>
/// Stands in for the Functions host's polling blob trigger, and like it keeps nothing a crash or an outage could lose:
/// the blobs in the recordings container are the events, and a receipt per delivered blob version
/// (<see cref="BlobReceipts"/>) says which of them have been handled. A scan every few seconds queues every blob
/// without a receipt, so a file stored while storage or this process was down, or whose delivery failed, is delivered
/// once it can be; an upload's blob-created event only makes its delivery start at once. A failed delivery is logged
/// and left to a later scan after a back-off that doubles up to a limit, however often it fails, and a blob is never
/// delivered by two workers at once. Deliveries are at least once: the archive function is idempotent.
/// Storage being down fails a scan or a delivery, never this service: the host keeps running and catches up.
/// </summary>
public sealed class BlobTriggerDelivery(
    IServiceProvider services,
    StorageInitializer storage,
    BlobContainers containers,
    BlobReceipts receipts,
    IOptions<BlobTriggerOptions> options,
    IConfiguration settings,
    ILogger<BlobTriggerDelivery> logger) : BackgroundService, IRecordingEvents
{
    private const int Parallelism = 4;

    /// <summary>From this many failures in a row a delivery is logged as an error: the Functions host's poison-queue limit.</summary>
    private const int FailuresLoggedAsError = 5;

    private static readonly BlobFunction Function = FunctionRoutes.BlobFunctions(FunctionEndpoints.FunctionsAssembly)
        .Single(f => f.Source == BlobTriggerSource.LogsAndContainerScan);

    private readonly bool _disabled = IsDisabled(settings);
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly DeliveryLedger _ledger = new(options.Value);

    /// <summary>The app setting that disables a function under the Functions host, honoured here too.</summary>
    public static string DisabledSetting => $"AzureWebJobs.{Function.Name}.Disabled";

    public ValueTask FileStoredAsync(SetId setId, string fileName, CancellationToken cancellationToken)
    {
        var blobName = setId.BlobName(fileName);
        if (!_disabled && _ledger.QueueNewVersion(blobName))
        {
            Queue(blobName);
        }

        return ValueTask.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_disabled)
        {
            logger.LogInformation("Not delivering blob-created events to {Function}: {Setting} is set", Function.Name, DisabledSetting);
            return Task.CompletedTask;
        }

        logger.LogInformation("Delivering blob-created events to {Function} ({Path}), scanning {Container} every {Interval}",
            Function.Name, Function.Path, containers.Recordings.Name, options.Value.ScanInterval);
        return Task.WhenAll(
            ScanContinuallyAsync(stoppingToken),
            Parallel.ForEachAsync(
                _queue.Reader.ReadAllAsync(stoppingToken),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
                (blobName, token) => new ValueTask(DeliverAsync(blobName, token))));
    }

    private static bool IsDisabled(IConfiguration settings) =>
        settings[DisabledSetting] is { } value
        && (value == "1" || (bool.TryParse(value, out var disabled) && disabled));

    private async Task ScanContinuallyAsync(CancellationToken stoppingToken)
    {
        var receiptsRead = false;
        var failing = false;
        while (true)
        {
            try
            {
                if (!receiptsRead)
                {
                    _ledger.RememberReceipts(await receipts.ReadAllAsync(stoppingToken));
                    receiptsRead = true;
                }

                await ScanAsync(stoppingToken);
                if (failing)
                {
                    failing = false;
                    logger.LogInformation("Scanning {Container} for blobs to deliver works again", containers.Recordings.Name);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The host's own loop, not a trigger: whatever stopped this scan (storage down, most likely), the next one tries again.
                failing = true;
                logger.LogWarning(e, "Could not scan {Container} for blobs to deliver to {Function}; trying again in {Interval}",
                    containers.Recordings.Name, Function.Name, options.Value.ScanInterval);
            }

            await Task.Delay(options.Value.ScanInterval, stoppingToken);
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var blob in containers.Recordings.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (PathValues(blob.Name) is not null && _ledger.QueueFound(blob.Name, blob.Properties.ETag.GetValueOrDefault().ToString("H"), Now()))
                {
                    Queue(blob.Name);
                }
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Nothing stored yet: the app creates its containers on first use.
        }
    }

    private async Task DeliverAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = containers.Recordings.GetBlobClient(blobName);
        try
        {
            if (await CurrentETagAsync(blob, cancellationToken) is { } etag && !_ledger.IsDelivered(blobName, etag))
            {
                await InvokeAsync(blob, cancellationToken);
                await receipts.WriteAsync(blobName, etag, cancellationToken);
                _ledger.Delivered(blobName, etag);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // As the Functions host does with a failed invocation, whatever it was: log it and try again later.
            var (failures, delay) = _ledger.Failed(blobName, Now());
            logger.Log(failures < FailuresLoggedAsError ? LogLevel.Warning : LogLevel.Error, e,
                "{Function} failed for {Blob} ({Failures} failures in a row); trying again in {Delay} or later",
                Function.Name, blobName, failures, delay);
        }
        finally
        {
            if (_ledger.Finished(blobName))
            {
                Queue(blobName);
            }
        }
    }

    /// <returns>The blob's ETag in header form, or null when it has been deleted since (nothing to deliver).</returns>
    private static async Task<string?> CurrentETagAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString("H");
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    private async Task InvokeAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var (uuid, name) = PathValues(blob.Name)!.Value;
        await storage.EnsureCreatedAsync(cancellationToken);
        using var scope = services.CreateScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, Function.Method.DeclaringType!);
        var arguments = Function.Method.GetParameters().Select(parameter => parameter.ParameterType switch
        {
            var type when type == typeof(BlobClient) => blob,
            var type when type == typeof(CancellationToken) => cancellationToken,
            _ when parameter.Name == "uuid" => uuid,
            _ when parameter.Name == "name" => (object)name,
            _ => throw new NotSupportedException($"The development host cannot bind {parameter.Name} of {Function.Name}."),
        }).ToArray();
        await (Task)Function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
    }

    /// <summary>The trigger path's values, <c>recordings/{uuid}/{name}</c>; null for a blob outside it.</summary>
    private static (string Uuid, string Name)? PathValues(string blobName) =>
        blobName.IndexOf('/', StringComparison.Ordinal) is var slash && slash > 0 && slash < blobName.Length - 1
            ? (blobName[..slash], blobName[(slash + 1)..])
            : null;

    private void Queue(string blobName) => _queue.Writer.TryWrite(blobName);

    /// <summary>A monotonic clock for back-offs.</summary>
    private static TimeSpan Now() => TimeSpan.FromMilliseconds(Environment.TickCount64);
}
