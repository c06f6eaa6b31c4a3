using System.Buffers;
using System.IO.Hashing;

namespace RecordingFunctions.Storage;

/// <summary>
/// Streams a body into a block blob: fixed-size blocks are staged while the next one is read, the CRC-32 and size
/// are computed on the way, and only a fully received body is committed. Until the commit, nothing is visible;
/// staged blocks of an interrupted upload are discarded by the service. A body that fits in one block goes up in a
/// single Put Blob.
/// </summary>
public static class BlockBlobWriter
{
    public const int BlockSize = 4 * 1024 * 1024;

    /// <summary>One upload keeps up to this many blocks on their way to storage while it reads the next.</summary>
    private const int BlocksInFlight = 4;

    /// <summary>
    /// All uploads of the process together hold at most this many block buffers (192 MiB), so a lone upload may
    /// stage several blocks at once while many concurrent uploads cannot grow memory without bound.
    /// </summary>
    private static readonly SemaphoreSlim BufferBudget = new(48, 48);

    /// <summary>Writes to <paramref name="target"/>, replacing whatever is there.</summary>
    /// <exception cref="UploadTooLargeException">The body is longer than <paramref name="maxBytes"/>; nothing was committed.</exception>
    public static Task<WrittenBlob> WriteAsync(
        BlockBlobClient target,
        Stream source,
        long maxBytes,
        string contentType,
        RecordingBlobMetadata metadata,
        CancellationToken cancellationToken) =>
        WriteAsync(_ => Task.FromResult(new WriteTarget(target, null)), source, maxBytes, contentType, metadata, cancellationToken);

    /// <summary>
    /// Writes where <paramref name="choose"/> says, committing on its condition. A body of one block is written again
    /// under a new choice when the commit loses its race; a longer one was staged under the chosen name and is not.
    /// </summary>
    /// <exception cref="UploadTooLargeException">The body is longer than <paramref name="maxBytes"/>; nothing was committed.</exception>
    /// <exception cref="NameTakenMeanwhileException">Other uploads committed the chosen name first; nothing was committed.</exception>
    public static async Task<WrittenBlob> WriteAsync(
        WriteTargetChoice choose,
        Stream source,
        long maxBytes,
        string contentType,
        RecordingBlobMetadata metadata,
        CancellationToken cancellationToken)
    {
        WriteTarget? target = null;
        var uploadId = Guid.NewGuid().ToString("N");
        var blockIds = new List<string>();
        var crc = new Crc32();
        long length = 0;
        using var staging = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new List<Task>();
        try
        {
            while (true)
            {
                await BufferBudget.WaitAsync(cancellationToken);
                var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
                int filled;
                try
                {
                    filled = await FillAsync(source, buffer, cancellationToken);
                }
                catch
                {
                    Release(buffer);
                    throw;
                }

                length += filled;
                if (length > maxBytes)
                {
                    Release(buffer);
                    throw new UploadTooLargeException(maxBytes);
                }

                if (blockIds.Count == 0 && filled < BlockSize)
                {
                    try
                    {
                        return await PutWholeAsync(choose, buffer.AsMemory(0, filled), contentType, metadata, cancellationToken);
                    }
                    finally
                    {
                        Release(buffer);
                    }
                }

                if (filled == 0)
                {
                    Release(buffer);
                    break;
                }

                crc.Append(buffer.AsSpan(0, filled));
                target ??= await ChooseAsync(choose, buffer, cancellationToken);
                var blockId = BlockId(uploadId, blockIds.Count);
                blockIds.Add(blockId);
                if (inFlight.Count >= BlocksInFlight)
                {
                    var finished = await Task.WhenAny(inFlight);
                    inFlight.Remove(finished);
                    await finished;
                }

                inFlight.Add(StageAsync(target.Blob, blockId, buffer, filled, staging.Token));
                if (filled < BlockSize)
                {
                    break;
                }
            }

            await Task.WhenAll(inFlight);
        }
        catch
        {
            await staging.CancelAsync();
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default);
            throw;
        }

        // At least one block was staged, so the target was chosen.
        var chosen = target!;
        var stored = metadata.WithChecksum(crc.GetCurrentHashAsUInt32(), length);
        try
        {
            await chosen.Blob.CommitBlockListAsync(
                blockIds,
                new CommitBlockListOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Metadata = stored.ToMetadata(),
                    Conditions = chosen.Conditions,
                },
                cancellationToken);
        }
        catch (RequestFailedException e) when (WriteTarget.LostRace(e))
        {
            throw new NameTakenMeanwhileException(chosen.Blob.Name, e);
        }

        return new WrittenBlob(chosen.Blob.Name, length, stored.Crc32Text!);
    }

    /// <summary>Chooses the target while holding a block buffer, which goes back to the budget if the choice fails.</summary>
    private static async Task<WriteTarget> ChooseAsync(WriteTargetChoice choose, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await choose(cancellationToken);
        }
        catch
        {
            Release(buffer);
            throw;
        }
    }

    private static async Task<WrittenBlob> PutWholeAsync(
        WriteTargetChoice choose, ReadOnlyMemory<byte> content, string contentType, RecordingBlobMetadata metadata, CancellationToken cancellationToken)
    {
        var stored = metadata.WithChecksum(Crc32.HashToUInt32(content.Span), content.Length);
        // The body is still here, so a lost race chooses again, which sees the upload that won.
        var chosen = "";
        try
        {
            return await OptimisticConcurrency.RetryAsync(
                async () =>
                {
                    var target = await choose(cancellationToken);
                    chosen = target.Blob.Name;
                    await target.Blob.UploadAsync(
                        BinaryData.FromBytes(content).ToStream(),
                        new BlobUploadOptions
                        {
                            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                            Metadata = stored.ToMetadata(),
                            Conditions = target.Conditions,
                        },
                        cancellationToken);
                    return new WrittenBlob(target.Blob.Name, content.Length, stored.Crc32Text!);
                },
                cancellationToken,
                WriteTarget.LostRace);
        }
        catch (RequestFailedException e) when (WriteTarget.LostRace(e))
        {
            throw new NameTakenMeanwhileException(chosen, e);
        }
    }

    private static void Release(byte[] buffer)
    {
        ArrayPool<byte>.Shared.Return(buffer);
        BufferBudget.Release();
    }

    private static async Task StageAsync(BlockBlobClient target, string blockId, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new MemoryStream(buffer, 0, count, writable: false);
            await target.StageBlockAsync(blockId, content, cancellationToken: cancellationToken);
        }
        finally
        {
            Release(buffer);
        }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < BlockSize)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled, BlockSize - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>Unique per upload, so concurrent uploads of one name never mix blocks; all ids of a blob have one length.</summary>
    private static string BlockId(string uploadId, int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}{index:D8}"));
}

/// <param name="BlobName">The blob committed, as named in its container.</param>
public sealed record WrittenBlob(string BlobName, long Length, string Crc32);

public sealed class UploadTooLargeException(long maxBytes)
    : Exception($"The file is larger than the maximum upload size of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
