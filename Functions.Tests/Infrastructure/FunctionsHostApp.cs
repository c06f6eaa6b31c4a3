using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Blobs;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// The function app's build output served by the real Azure Functions host, as users run it: <c>func start</c> where
/// Azure Functions Core Tools are installed, else the host built from source in <c>../shared/funchost</c>
/// (<c>func-host.sh</c>, which runs it the way <c>func start</c> does). It has an Azurite of its own, so the app's data
/// and the host's own state (blob-trigger leases and receipts) belong to this instance alone.
/// </summary>
public sealed class FunctionsHostApp : IRunningApp, IAsyncDisposable
{
    public const string AdminUser = "researcher";

    /// <summary>The app's recordings container; this host's storage is its own, so names carry no test prefix.</summary>
    public const string RecordingsContainer = "recordings";

    /// <summary>What the host logs once every trigger's listener has started.</summary>
    private const string JobHostStarted = "Job host started";

    private readonly Process _host;
    private readonly ConcurrentQueue<string> _output;

    private FunctionsHostApp(Process host, ConcurrentQueue<string> output, StandaloneAzurite storage, int port, string adminPassword)
    {
        _host = host;
        _output = output;
        Storage = storage;
        AdminPassword = adminPassword;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        Admin = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        Admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(AdminUser, adminPassword);
        Admin.DefaultRequestHeaders.Add("X-Requested-With", "tests");
    }

    /// <summary>Which host serves the app, for the test output.</summary>
    public static string HostDescription => CoreToolsPath() is { } func
        ? $"Azure Functions Core Tools (func start, {func})"
        : $"the Azure Functions host built from source ({FuncHostScript})";

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public HttpClient Admin { get; }

    public string AdminPassword { get; }

    public StandaloneAzurite Storage { get; }

    public BlobServiceClient Blobs => new(Storage.ConnectionString);

    /// <summary>Everything the host and its worker wrote to the console so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The last <paramref name="lines"/> lines of <see cref="Output"/> that mention none of <paramref name="noise"/>, for a failure message.</summary>
    public string OutputTail(int lines, params string[] noise) =>
        string.Join('\n', _output.Where(line => !noise.Any(n => line.Contains(n, StringComparison.Ordinal))).TakeLast(lines));

    private static string FuncHostScript => Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "funchost", "func-host.sh"));

    /// <summary>The build output the host loads: Functions/bin/{the tests' own configuration}/net10.0.</summary>
    private static string ScriptRoot
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(Repository.Root, "Functions", "bin", testOutput.Parent!.Name, testOutput.Name);
        }
    }

    /// <summary>
    /// Starts the host over the app with the settings of <c>local.settings.sample.json</c>, its own storage and admin
    /// password, and <paramref name="settings"/> on top; returns once <c>GET /health</c> answers 200.
    /// </summary>
    public static async Task<FunctionsHostApp> StartAsync(IDictionary<string, string>? settings = null)
    {
        var storage = await StandaloneAzurite.StartAsync();
        var port = StandaloneAzurite.FreePorts(1)[0];
        var password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        var start = CoreToolsPath() is { } func
            ? new ProcessStartInfo(func) { ArgumentList = { "start", "--port", $"{port}" }, WorkingDirectory = ScriptRoot }
            : new ProcessStartInfo("bash") { ArgumentList = { FuncHostScript, "--port", $"{port}", ScriptRoot } };
        if (start.FileName == "bash" && !File.Exists(FuncHostScript))
        {
            await storage.DisposeAsync();
            throw new InvalidOperationException($"Neither Azure Functions Core Tools (func) nor {FuncHostScript} is here to run the real host.");
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var values = new Dictionary<string, string>
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["RecordingsStorage"] = storage.ConnectionString,
            ["AzureWebJobs.ArchiveSetOnEventGrid.Disabled"] = "true",
            ["AzureWebJobsDisableHomepage"] = "true",
            // What the blob trigger's scan and lock did, for a failure message (AdminApi.SettledArchiveAsync).
            ["AzureFunctionsJobHost__logging__logLevel__Microsoft.Azure.WebJobs.Extensions.Storage.Blobs"] = "Debug",
            ["AzureFunctionsJobHost__logging__logLevel__Host.Singleton"] = "Debug",
            ["RECORDINGS_ADMIN_USER"] = AdminUser,
            ["RECORDINGS_ADMIN_PASSWORD"] = password,
        };
        foreach (var (name, value) in SampleSettingsLimits().Concat(settings ?? new Dictionary<string, string>()))
        {
            values[name] = value;
        }

        foreach (var (name, value) in values)
        {
            start.Environment[name] = value;
        }

        var output = new ConcurrentQueue<string>();
        var host = Process.Start(start)!;
        host.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        host.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        var app = new FunctionsHostApp(host, output, storage, port, password);
        try
        {
            await app.WaitUntilHealthyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>The host process (the WebJobs script host) and the worker it started, for their memory.</summary>
    public (string Host, string Worker) ProcessIds()
    {
        var host = _host.ProcessName == "dotnet" ? _host.Id : ProcessMemory.Children(_host.Id).Single();
        var worker = ProcessMemory.Children(host).Single();
        return ($"{host}", $"{worker}");
    }

    private static string? CoreToolsPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "func"))
            .FirstOrDefault(File.Exists);

    /// <summary>The upload limits a local run gets, so the tests hold for what users start.</summary>
    private static IEnumerable<KeyValuePair<string, string>> SampleSettingsLimits()
    {
        var values = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "local.settings.sample.json")))
            .RootElement.GetProperty("Values");
        foreach (var name in new[] { "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT", "Recordings__MaxUploadBytes" })
        {
            yield return KeyValuePair.Create(name, values.GetProperty(name).GetString()!);
        }
    }

    /// <summary>
    /// Waits until <c>GET /health</c> answers 200 and the host has started its listeners: it answers HTTP before they
    /// run, and a test's first upload must find the blob trigger polling.
    /// </summary>
    private async Task WaitUntilHealthyAsync() =>
        await Eventually.UntilAsync(
            "the Functions host to answer /health with 200 and start its listeners",
            async () =>
            {
                if (_host.HasExited)
                {
                    throw new InvalidOperationException($"The Functions host exited with {_host.ExitCode}:\n{Output}");
                }

                try
                {
                    using var health = await Http.GetAsync("health");
                    return (Health: (HttpStatusCode?)health.StatusCode, ListenersStarted: _output.Any(line => line.Contains(JobHostStarted, StringComparison.Ordinal)));
                }
                catch (HttpRequestException)
                {
                    return (Health: null, ListenersStarted: false); // not listening yet
                }
            },
            state => state is { Health: HttpStatusCode.OK, ListenersStarted: true },
            state => $"/health {state.Health?.ToString() ?? "not answering"}, listeners {(state.ListenersStarted ? "started" : "not started")}; the host's output:\n{Output}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        if (!_host.HasExited)
        {
            // SIGTERM lets the host stop its worker (func-host.sh ends both after 10 s); SIGKILL only if that fails.
            using (var term = Process.Start("kill", ["-TERM", $"{_host.Id}"]))
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _host.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _host.Kill(entireProcessTree: true);
                await _host.WaitForExitAsync();
            }
        }

        _host.Dispose();
        await Storage.DisposeAsync();
    }
}
