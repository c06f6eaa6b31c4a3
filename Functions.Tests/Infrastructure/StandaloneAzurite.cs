using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// An Azurite of one test's own, on free loopback ports with its data in a temporary folder: for an app in another
/// process that must own all of its storage (the Functions host's own state included), or for a test that stops and
/// starts it again (same ports, same data) to put the app through a storage outage.
/// </summary>
public sealed class StandaloneAzurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly DirectoryInfo _location = Directory.CreateTempSubdirectory("outage-azurite-");
    private readonly int[] _ports = FreePorts(3);
    private Process? _process;
    private readonly ConcurrentQueue<string?> _errors = new();

    private StandaloneAzurite()
    {
    }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_ports[1]}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_ports[2]}/devstoreaccount1;";

    public static async Task<StandaloneAzurite> StartAsync()
    {
        var azurite = new StandaloneAzurite();
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts Azurite on this instance's ports and data; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(Repository.Root, "node_modules", ".bin", "azurite"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
            "--blobPort", $"{_ports[0]}", "--queuePort", $"{_ports[1]}", "--tablePort", $"{_ports[2]}", "--location", _location.FullName,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => _errors.Enqueue(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await Eventually.UntilAsync(
            $"Azurite to listen on ports {string.Join(", ", _ports)}",
            () => process.HasExited
                ? throw new InvalidOperationException($"Azurite exited before it listened on ports {string.Join(", ", _ports)}: {string.Join('\n', _errors)}")
                : Task.FromResult(_ports.Where(Accepts).ToArray()),
            listening => listening.Length == _ports.Length,
            listening => $"listening on [{string.Join(", ", listening)}]; its errors: {string.Join('\n', _errors)}");
    }

    /// <summary>Stops Azurite as a service stops (SIGTERM, so it keeps its data); the ports refuse connections until it starts again.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (var terminate = Process.Start("kill", ["-TERM", $"{process.Id}"]))
        {
            await terminate.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _location.Delete(recursive: true);
    }

    private static bool Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Free ports below Linux's ephemeral range (32768 and up), all held until each is known, so that no two are the
    /// same. A port the system hands out for port 0 comes from that range, where any outgoing connection (the tests
    /// make thousands) may take it before the process meant to listen on it binds it.
    /// </summary>
    public static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            while (listeners.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(20000, 32768));
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    // taken: try another
                }
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
