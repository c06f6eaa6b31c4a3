using System.Net.Sockets;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>The Azurite emulator the tests run against; <c>./test.sh</c> starts it when it is not up.</summary>
public static class Azurite
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    public static void EnsureRunning()
    {
        foreach (var port in new[] { 10000, 10002 })
        {
            using var client = new TcpClient();
            try
            {
                client.Connect("127.0.0.1", port);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException(
                    $"Azurite is not listening on 127.0.0.1:{port}. Run the tests with ./test.sh, which starts it.", e);
            }
        }
    }
}
