using System.Diagnostics;

namespace RecordingFunctions.Bench;

/// <summary>
/// A function app's build output served by the real Azure Functions host (<c>func-host.sh</c>, the host built from
/// source that stands in for <c>func start</c>): the host process proxies HTTP to the app's own worker process, as in
/// Azure. Both processes are found in /proc so that their memory can be read apart.
/// </summary>
public sealed class FunctionsHostProcess : IAsyncDisposable
{
    /// <summary>The host's program, as it appears in its command line.</summary>
    public const string HostDll = "Microsoft.Azure.WebJobs.Script.WebHost.dll";

    private readonly Process _script;

    private FunctionsHostProcess(Process script, Uri baseAddress, string logPath)
    {
        _script = script;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    /// <summary>The host process (<see cref="HostDll"/>).</summary>
    public int HostId { get; private set; }

    /// <summary>The worker process the host started (<c>dotnet {app}.dll</c>).</summary>
    public int WorkerId { get; private set; }

    /// <summary>
    /// <c>../shared/funchost/func-host.sh</c> beside the repository, as on the project's machines and in CI, unless
    /// <c>FUNC_HOST</c> names another; null when there is no such file.
    /// </summary>
    public static string? FindScript(string repositoryRoot)
    {
        var script = Environment.GetEnvironmentVariable("FUNC_HOST") is { Length: > 0 } set
            ? set
            : Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "funchost", "func-host.sh"));
        return File.Exists(script) ? script : null;
    }

    /// <summary>
    /// Starts the host over <paramref name="scriptRoot"/> with the settings file's values, <paramref name="environment"/>
    /// on top; returns once <paramref name="isReady"/> says the app answers (through the host, so the worker is up).
    /// </summary>
    public static async Task<FunctionsHostProcess> StartAsync(
        string script,
        string scriptRoot,
        string workerDll,
        string settingsFile,
        IReadOnlyDictionary<string, string> environment,
        Func<HttpClient, CancellationToken, Task<bool>> isReady,
        string logPath,
        CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(scriptRoot, "functions.metadata")))
        {
            throw new FileNotFoundException($"{scriptRoot} holds no functions.metadata: is it the function app's Release build? ./bench.sh builds it.");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{AppProcess.FreePort()}/");
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--port", baseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--settings", settingsFile, scriptRoot })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = LoggedProcess.Start(start, logPath);

        var host = new FunctionsHostProcess(process, baseAddress, logPath);
        try
        {
            await host.WaitUntilReadyAsync(isReady, ct);
            host.HostId = ProcessTree.Descendant(process.Id, HostDll);
            host.WorkerId = ProcessTree.Descendant(host.HostId, workerDll);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public ProcessMemory HostMemory() => ProcessMemory.Read(HostId);

    public ProcessMemory WorkerMemory() => ProcessMemory.Read(WorkerId);

    /// <summary>The CPU time the host and the worker have used so far.</summary>
    public (TimeSpan Host, TimeSpan Worker) CpuTime()
    {
        using var host = Process.GetProcessById(HostId);
        using var worker = Process.GetProcessById(WorkerId);
        return (host.TotalProcessorTime, worker.TotalProcessorTime);
    }

    /// <summary>SIGTERM lets the host stop its worker (func-host.sh ends both after 10 s); the whole tree is killed if that fails.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_script.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _script.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _script.Kill(entireProcessTree: true);
                await _script.WaitForExitAsync();
            }
        }

        _script.Dispose();
    }

    private async Task WaitUntilReadyAsync(Func<HttpClient, CancellationToken, Task<bool>> isReady, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_script.HasExited)
            {
                throw new InvalidOperationException($"The Functions host exited with code {_script.ExitCode}; see {LogPath}");
            }

            try
            {
                if (await isReady(http, ct))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not listening yet, or the worker not yet started.
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException($"The Functions host did not serve the app within 3 minutes; see {LogPath}");
    }
}

/// <summary>Processes below a given one, read from /proc.</summary>
public static class ProcessTree
{
    /// <summary>The one process below <paramref name="ancestor"/> whose command line names <paramref name="program"/>.</summary>
    public static int Descendant(int ancestor, string program)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var id) && ParentOf(id) is { } parent)
            {
                parents[id] = parent;
            }
        }

        var matches = parents.Keys.Where(id => IsBelow(id, ancestor, parents) && CommandLine(id).Contains(program, StringComparison.Ordinal)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected one process running {program} below process {ancestor}, found {matches.Count}.");
    }

    private static bool IsBelow(int id, int ancestor, Dictionary<int, int> parents)
    {
        while (parents.TryGetValue(id, out var parent) && parent > 1)
        {
            if (parent == ancestor)
            {
                return true;
            }

            id = parent;
        }

        return false;
    }

    /// <summary>The fourth field of /proc/{id}/stat, after the command name in parentheses (which may hold spaces).</summary>
    private static int? ParentOf(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile.
            return null;
        }
    }

    private static string CommandLine(int id)
    {
        try
        {
            return File.ReadAllText($"/proc/{id}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
