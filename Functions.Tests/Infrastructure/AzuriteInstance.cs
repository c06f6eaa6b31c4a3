using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// An Azurite of its own (pinned in package.json, installed by ./test.sh) on free loopback ports with its data in a
/// temporary folder: for a test whose app runs in another process and must own all of its storage, the Functions
/// host's own state (blob-trigger leases and receipts) included.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and only ever valid against the emulator.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _location;

    private AzuriteInstance(Process process, string location, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _location = location;
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey
            + $";BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1"
            + $";QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1"
            + $";TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteInstance> StartAsync()
    {
        var azurite = Path.Combine(Repository.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"{azurite} is missing. Run the tests with ./test.sh, which installs the pinned npm tools.");
        }

        var location = Directory.CreateTempSubdirectory("azurite-").FullName;
        int[] ports = [FreePort(), FreePort(), FreePort()];
        var start = new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", $"{ports[0]}",
                "--queueHost", "127.0.0.1", "--queuePort", $"{ports[1]}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{ports[2]}",
                "--location", location,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new AzuriteInstance(process, location, ports[0], ports[1], ports[2]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!ports.All(Listening))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await instance.DisposeAsync();
                throw new InvalidOperationException($"Azurite did not start on ports {string.Join(", ", ports)}.");
            }

            await Task.Delay(100);
        }

        return instance;
    }

    /// <summary>A port nobody listens on now; the OS does not hand it out again at once.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_location, recursive: true);
    }
}
