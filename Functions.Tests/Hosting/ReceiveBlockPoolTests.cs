using Microsoft.AspNetCore.Connections;

namespace RecordingFunctions.Tests.Hosting;

/// <summary>Kestrel reads requests into 64 KiB blocks, so a large upload arrives in few socket reads.</summary>
public sealed class ReceiveBlockPoolTests
{
    [Fact]
    public async Task The_server_takes_its_memory_pools_from_the_receive_block_pool_factory()
    {
        await using var app = await TestApp.StartAsync();

        Assert.IsType<ReceiveBlockPoolFactory>(app.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
    }

    [Fact]
    public void Every_block_is_64_KiB_whatever_size_is_asked_for()
    {
        using var pool = new ReceiveBlockPoolFactory().Create();

        Assert.Equal(ReceiveBlockPoolFactory.BlockSize, pool.MaxBufferSize);
        foreach (var asked in new[] { -1, 1, 2048, 4096, ReceiveBlockPoolFactory.BlockSize })
        {
            using var block = pool.Rent(asked);
            Assert.Equal(64 * 1024, block.Memory.Length);
        }
    }

    [Fact]
    public void A_returned_block_is_rented_again_and_cannot_be_used_after_its_return()
    {
        using var pool = new ReceiveBlockPoolFactory().Create();
        var first = pool.Rent();
        first.Memory.Span[0] = 42;
        first.Dispose();
        first.Dispose();

        using var second = pool.Rent();

        Assert.Equal(42, second.Memory.Span[0]);
        Assert.Throws<ObjectDisposedException>(() => first.Memory);
    }

    [Fact]
    public void More_than_a_block_is_refused()
    {
        using var pool = new ReceiveBlockPoolFactory().Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(ReceiveBlockPoolFactory.BlockSize + 1));
    }
}
