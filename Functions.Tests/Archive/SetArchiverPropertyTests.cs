using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RecordingFunctions.Archive;

namespace RecordingFunctions.Tests.Archive;

public enum SetChange
{
    /// <summary>Upload (or replace) a file, then run the update its trigger would run.</summary>
    Upload,

    /// <summary>Upload (or replace) a file whose trigger is lost: a later update must pick it up.</summary>
    UploadUnannounced,

    /// <summary>Delete a file, then update.</summary>
    Delete,

    /// <summary>Run the same update three times at once, as duplicate or retried triggers do.</summary>
    DuplicateUpdates,
}

public sealed record SetOperation(SetChange Change, int NameIndex, int Size);

public static class SetOperationArbitrary
{
    public static Arbitrary<SetOperation> Operation() =>
        (from change in Gen.Elements(Enum.GetValues<SetChange>())
         from name in Gen.Choose(0, SetArchiverPropertyTests.Names.Length - 1)
         from size in Gen.Elements(0, 1, 700, 1024, 2500)
         select new SetOperation(change, name, size)).ToArbitrary();
}

public class SetArchiverPropertyTests
{
    internal static readonly string[] Names = ["a.csv", "b c.bin", "été-ü.dat", "Zeta.TXT", "z"];

    private static readonly ArchiveOptions Options = new() { RangeSize = 1024 };

    [Property(MaxTest = 20, EndSize = 10, Arbitrary = [typeof(SetOperationArbitrary)])]
    public async Task ArchiveAfterAnyHistoryEqualsAFreshBuildOfTheSet(SetOperation[] operations)
    {
        await using var storage = await ArchiveTestStorage.CreateAsync();
        var setId = ArchiveTestStorage.NewSetId();
        var archiver = storage.CreateArchiver(Options);
        var files = new Dictionary<string, byte[]>();
        for (var step = 0; step < operations.Length; step++)
        {
            var operation = operations[step];
            var name = Names[operation.NameIndex];
            switch (operation.Change)
            {
                case SetChange.Upload or SetChange.UploadUnannounced:
                    files[name] = SetArchiverTests.Bytes(operation.Size, seed: step);
                    await storage.UploadAsync(setId, name, files[name]);
                    if (operation.Change == SetChange.Upload)
                    {
                        await archiver.UpdateAsync(setId, true, CancellationToken.None);
                    }

                    break;
                case SetChange.Delete:
                    files.Remove(name);
                    await storage.Recording(setId, name).DeleteIfExistsAsync();
                    await archiver.UpdateAsync(setId, true, CancellationToken.None);
                    break;
                case SetChange.DuplicateUpdates:
                    await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => archiver.UpdateAsync(setId, true, CancellationToken.None)));
                    break;
            }
        }

        await archiver.UpdateAsync(setId, true, CancellationToken.None);
        await storage.CreateArchiver(Options, storage.RebuiltArchives).UpdateAsync(setId, true, CancellationToken.None);

        var archive = await storage.DownloadArchiveAsync(setId);
        var rebuilt = await storage.DownloadArchiveAsync(setId, storage.RebuiltArchives);
        Assert.Equal(rebuilt, archive);
        Assert.Equal(files.Count == 0, archive is null);
        if (archive is not null)
        {
            ZipAssert.HoldsExactly(archive, files);
        }

        Assert.NotEqual(ArchiveOutcome.Committed, (await archiver.UpdateAsync(setId, true, CancellationToken.None)).Outcome);
    }
}
