namespace RecordingFunctions.Storage;

/// <summary>The blob a write commits to, and the condition the commit needs (null: it replaces whatever is there).</summary>
public sealed record WriteTarget(BlockBlobClient Blob, BlobRequestConditions? Conditions)
{
    /// <summary>
    /// The commit found the name no longer as chosen: another upload created or replaced it first (409 or 412), or
    /// its commit discarded this upload's staged blocks (which storage does on every commit to the name).
    /// </summary>
    public static bool LostRace(RequestFailedException e) =>
        e.Status == 412 || e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.ErrorCode == BlobErrorCode.InvalidBlockList;
}

/// <summary>Chooses where a write goes; asked again when a commit lost its race and the body is still at hand.</summary>
public delegate Task<WriteTarget> WriteTargetChoice(CancellationToken cancellationToken);

/// <summary>Another upload took the chosen name between the choice and the commit, and the body was already sent on; nothing was stored.</summary>
public sealed class NameTakenMeanwhileException(string blobName, Exception inner)
    : Exception($"Another upload committed {blobName} first; nothing was stored.", inner)
{
    public string BlobName { get; } = blobName;
}
