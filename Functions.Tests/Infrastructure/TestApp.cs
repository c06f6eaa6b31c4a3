using System.Net.Http.Headers;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// The function app served by the development host on a loopback port, against Azurite, with containers and tables
/// of its own (a random prefix), so every test owns its data and tests run in parallel.
/// </summary>
public sealed class TestApp : IRunningApp, IAsyncDisposable
{
    public const string AdminUser = "researcher";

    private readonly WebApplication _app;

    private readonly bool _keepData;

    private TestApp(WebApplication app, AppLog log, string prefix, string adminPassword, bool keepData)
    {
        _app = app;
        Log = log;
        _keepData = keepData;
        Prefix = prefix;
        AdminPassword = adminPassword;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        Admin = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        Admin.DefaultRequestHeaders.Authorization = BasicAuth(AdminUser, adminPassword);
        Admin.DefaultRequestHeaders.Add("X-Requested-With", "tests");
    }

    public string Prefix { get; }

    public string AdminPassword { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client with no credentials: what a watch or a stranger has.</summary>
    public HttpClient Http { get; }

    /// <summary>A client signed in as the admin, sending the header the page sends with changes.</summary>
    public HttpClient Admin { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>What the app logged at Warning and above.</summary>
    public AppLog Log { get; }

    public BlobContainers Containers => Services.GetRequiredService<BlobContainers>();

    public StorageTables Tables => Services.GetRequiredService<StorageTables>();

    /// <param name="services">Replaces services after the app's own registrations (the last registration wins).</param>
    public static async Task<TestApp> StartAsync(
        IDictionary<string, string?>? settings = null, string? prefix = null, TimeProvider? clock = null, bool keepData = false, Action<IServiceCollection>? services = null)
    {
        Azurite.EnsureRunning();
        prefix ??= "t" + Guid.NewGuid().ToString("N")[..10];
        var password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        var log = new AppLog();
        var app = DevHostApp.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageRegistration.ConnectionName] = Azurite.ConnectionString,
                [$"{StorageOptions.Section}:Prefix"] = prefix,
                [ConfigBootstrap.AdminUserSetting] = AdminUser,
                [ConfigBootstrap.AdminPasswordSetting] = password,
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            services?.Invoke(builder.Services);

            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(log);
        });
        await app.StartAsync();
        return new TestApp(app, log, prefix, password, keepData);
    }

    public static AuthenticationHeaderValue BasicAuth(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Every blob in the app's containers, by container and name: to show that a refused request changed nothing.</summary>
    public async Task<IReadOnlyList<string>> AllBlobsAsync()
    {
        var names = new List<string>();
        foreach (var container in new[] { Containers.Recordings, Containers.Models, Containers.Archives, Containers.Exports })
        {
            await foreach (var blob in container.GetBlobsAsync())
            {
                names.Add($"{container.Name}/{blob.Name}");
            }
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_keepData)
        {
            return;
        }

        var blobs = new BlobServiceClient(Azurite.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: Prefix))
        {
            await blobs.DeleteBlobContainerAsync(container.Name);
        }

        var tables = new TableServiceClient(Azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {Prefix} and TableName lt {Prefix + "~"}")))
        {
            await tables.DeleteTableAsync(table.Name);
        }
    }
}
