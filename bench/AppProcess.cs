using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RecordingFunctions.Bench;

/// <summary>
/// The app under test: the development host's Release build in a process of its own, on a free loopback port, with
/// its own storage prefix, so its memory can be read from <c>/proc/{pid}/status</c> apart from the benchmark's.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public static async Task<AppProcess> StartAsync(string repositoryRoot, string prefix, AdminCredentials admin, CancellationToken ct)
    {
        var dll = Path.Combine(repositoryRoot, "DevHost", "bin", "Release", "net10.0", "RecordingFunctions.DevHost.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The development host's Release build is missing; run ./bench.sh, which builds it.", dll);
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--urls", baseAddress.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RecordingsStorage"] = BenchStorage.ConnectionString;
        start.Environment["Recordings__Storage__Prefix"] = prefix;
        start.Environment["RECORDINGS_ADMIN_USER"] = admin.User;
        start.Environment["RECORDINGS_ADMIN_PASSWORD"] = admin.Password;
        start.Environment["Recordings__MaxUploadBytes"] = $"{BenchRun.MaxUploadBytes}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var logPath = Path.Combine(Path.GetTempPath(), $"bench-app-{prefix}.log");
        var process = LoggedProcess.Start(start, logPath);

        var app = new AppProcess(process, baseAddress, logPath);
        await app.WaitUntilServingAsync(ct);
        return app;
    }

    /// <summary>Resident memory now and its high-water mark, in bytes.</summary>
    public ProcessMemory ReadMemory() => ProcessMemory.Read(_process.Id);

    /// <summary>Resets VmHWM to the current RSS; false where the kernel does not allow it.</summary>
    public bool ResetPeakMemory() => ProcessMemory.ResetPeak(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}; see {LogPath}");
            }

            try
            {
                // Any answer means it is serving: health says 503 until the first request creates the prefix's storage.
                using var response = await http.GetAsync("health", ct);
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"The app did not answer GET health within 60 s; see {LogPath}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record AdminCredentials(string User, string Password);
