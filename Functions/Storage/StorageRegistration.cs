using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RecordingFunctions.Storage;

/// <summary>
/// Builds the storage clients from the <c>RecordingsStorage</c> connection: a connection string locally
/// (Azurite), or <c>blobServiceUri</c>/<c>tableServiceUri</c> with a managed identity in Azure, the same
/// shape the Functions host reads for the blob trigger's <c>Connection</c>.
/// </summary>
public static class StorageRegistration
{
    public const string ConnectionName = "RecordingsStorage";

    public static IServiceCollection AddRecordingStorage(this IServiceCollection services)
    {
        services.AddAzureClientsCore();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton(provider => CreateServiceClients(provider));
        services.AddSingleton(provider => provider.GetRequiredService<StorageServiceClients>().Blobs);
        services.AddSingleton(provider => provider.GetRequiredService<StorageServiceClients>().StreamingBlobs);
        services.AddSingleton(provider =>
        {
            var blobs = provider.GetRequiredService<BlobServiceClient>();
            var names = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new BlobContainers(
                blobs.GetBlobContainerClient(names.ContainerName("recordings")),
                blobs.GetBlobContainerClient(names.ContainerName("tf-models")),
                blobs.GetBlobContainerClient(names.ContainerName("archives")),
                blobs.GetBlobContainerClient(names.ContainerName("config")),
                blobs.GetBlobContainerClient(names.ContainerName("exports")));
        });
        services.AddSingleton(provider =>
        {
            var tables = provider.GetRequiredService<StorageServiceClients>().Tables;
            var names = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new StorageTables(
                tables.GetTableClient(names.TableName("Pairing")),
                tables.GetTableClient(names.TableName("RecordingSets")),
                tables.GetTableClient(names.TableName("Models")),
                tables.GetTableClient(names.TableName("AuditLog")),
                tables.GetTableClient(names.TableName("LoginAttempts")),
                tables.GetTableClient(names.TableName("Participants")));
        });
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService(provider => provider.GetRequiredService<StorageInitializer>());
        return services;
    }

    private static StorageServiceClients CreateServiceClients(IServiceProvider provider)
    {
        var section = provider.GetRequiredService<IConfiguration>().GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageServiceClients(
                new BlobServiceClient(section.Value),
                new StreamingBlobService(new BlobServiceClient(section.Value, StreamingBlobService.Options)),
                new TableServiceClient(section.Value));
        }

        var blobUri = section["blobServiceUri"];
        var tableUri = section["tableServiceUri"];
        if (string.IsNullOrWhiteSpace(blobUri) || string.IsNullOrWhiteSpace(tableUri))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{ConnectionName}' to a connection string, or " +
                $"'{ConnectionName}__blobServiceUri' and '{ConnectionName}__tableServiceUri' (with '__credential' and '__clientId' for a managed identity).");
        }

        TokenCredential credential = provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section);
        return new StorageServiceClients(
            new BlobServiceClient(new Uri(blobUri), credential),
            new StreamingBlobService(new BlobServiceClient(new Uri(blobUri), credential, StreamingBlobService.Options)),
            new TableServiceClient(new Uri(tableUri), credential));
    }
}

public sealed record StorageServiceClients(BlobServiceClient Blobs, StreamingBlobService StreamingBlobs, TableServiceClient Tables);

/// <summary>
/// The blob service for requests whose body streams in from a watch: one attempt, since the body cannot be sent twice,
/// and no network timeout, since the body arrives at the watch's pace; the incoming request bounds it instead.
/// </summary>
public sealed record StreamingBlobService(BlobServiceClient Client)
{
    public static BlobClientOptions Options => new() { Retry = { MaxRetries = 0, NetworkTimeout = Timeout.InfiniteTimeSpan } };

    public BlockBlobClient BlockBlob(BlobContainerClient container, string blobName) =>
        Client.GetBlobContainerClient(container.Name).GetBlockBlobClient(blobName);
}
