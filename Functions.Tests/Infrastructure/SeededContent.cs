using System.IO.Hashing;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// A request body of any length generated on the fly from a seed, so that a gigabyte upload holds no gigabyte in
/// memory; its CRC-32 is known once it has been sent.
/// </summary>
/// <param name="declareLength">Send a Content-Length, as OkHttp does for a file; otherwise the body goes chunked.</param>
public sealed class SeededContent(long size, int seed, bool declareLength) : HttpContent
{
    private readonly Crc32 _crc = new();

    public string Crc32Hex => _crc.GetCurrentHashAsUInt32().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var random = new Random(seed);
        var buffer = new byte[1024 * 1024];
        for (long sent = 0; sent < size; sent += buffer.Length)
        {
            var count = (int)Math.Min(buffer.Length, size - sent);
            random.NextBytes(buffer.AsSpan(0, count));
            _crc.Append(buffer.AsSpan(0, count));
            await stream.WriteAsync(buffer.AsMemory(0, count));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declareLength ? size : -1;
        return declareLength;
    }
}
