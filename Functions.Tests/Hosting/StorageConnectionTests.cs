using Microsoft.Extensions.Configuration;

namespace RecordingFunctions.Tests.Hosting;

/// <summary>The storage clients built from the <c>RecordingsStorage</c> settings as Azure has them (no key anywhere).</summary>
public sealed class StorageConnectionTests
{
    [Fact]
    public void In_Azure_the_clients_use_the_service_uris_with_the_managed_identity_and_no_key()
    {
        using var services = Services(new Dictionary<string, string?>
        {
            ["RecordingsStorage:blobServiceUri"] = "https://studyrecordings.blob.core.windows.net/",
            ["RecordingsStorage:queueServiceUri"] = "https://studyrecordings.queue.core.windows.net/",
            ["RecordingsStorage:tableServiceUri"] = "https://studyrecordings.table.core.windows.net/",
            ["RecordingsStorage:credential"] = "managedidentity",
            ["RecordingsStorage:clientId"] = Guid.NewGuid().ToString(),
        });

        var containers = services.GetRequiredService<BlobContainers>();
        var tables = services.GetRequiredService<StorageTables>();

        Assert.Equal(new Uri("https://studyrecordings.blob.core.windows.net/recordings"), containers.Recordings.Uri);
        Assert.Equal(["recordings", "tf-models", "archives", "config"], new[] { containers.Recordings, containers.Models, containers.Archives, containers.Config }.Select(c => c.Name));
        Assert.All(tables.All, table => Assert.Equal("studyrecordings", table.AccountName));

        // Without a key the client cannot sign a service SAS: read links are signed with a user delegation key.
        Assert.False(containers.Archives.GetBlobClient("set.zip").CanGenerateSasUri);
    }

    [Fact]
    public void Without_a_connection_the_app_names_the_settings_to_set()
    {
        using var services = Services([]);

        var missing = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<BlobContainers>());

        Assert.Contains("RecordingsStorage__blobServiceUri", missing.Message, StringComparison.Ordinal);
        Assert.Contains("RecordingsStorage__tableServiceUri", missing.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddRecordingStorage()
            .BuildServiceProvider();
}
