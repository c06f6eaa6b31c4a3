namespace RecordingFunctions.Archive;

public enum ArchiveOutcome
{
    /// <summary>The archive already matched the set; nothing was written.</summary>
    Unchanged,

    /// <summary>A new block list was committed.</summary>
    Committed,

    /// <summary>The set has no files, so its archive was deleted (or was already absent).</summary>
    Deleted,
}

/// <summary>What an update did: <paramref name="StagedBlocks"/> counts the blocks written, the rest were reused.</summary>
public sealed record ArchiveResult(ArchiveOutcome Outcome, int Entries, int StagedBlocks);
