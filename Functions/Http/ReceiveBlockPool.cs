using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace RecordingFunctions.Http;

/// <summary>
/// The memory Kestrel reads connections into; Kestrel takes its pool factory from DI. Kestrel receives into one pool
/// block per socket read, and its own pool's blocks are 4 KiB, so a 64 MiB upload took about 16,000 reads. On a
/// virtual machine each read is a costly system call, and together they were much of the CPU time of relaying an
/// upload to storage. These blocks are 64 KiB, from one bounded array pool, so an upload arrives in a sixteenth of the reads.
/// </summary>
public sealed class ReceiveBlockPoolFactory : IMemoryPoolFactory<byte>
{
    public const int BlockSize = 64 * 1024;

    /// <summary>At most this many free blocks (32 MiB) are kept for reuse; any beyond are left to the garbage collector.</summary>
    public const int MaxFreeBlocks = 512;

    private readonly ArrayPool<byte> _arrays = ArrayPool<byte>.Create(BlockSize, MaxFreeBlocks);

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new BlockPool(_arrays);

    private sealed class BlockPool(ArrayPool<byte> arrays) : MemoryPool<byte>
    {
        public override int MaxBufferSize => BlockSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
            return new Block(arrays, arrays.Rent(BlockSize));
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    private sealed class Block(ArrayPool<byte> arrays, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                arrays.Return(returned);
            }
        }
    }
}
