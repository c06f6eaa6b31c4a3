namespace RecordingFunctions.Archive;

internal static partial class ArchiveLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Stored CRC-32 {Crc32} and length {Length} on recording {BlobName}, which had no checksum metadata")]
    public static partial void ChecksumStored(ILogger logger, string blobName, string crc32, long length);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Archive of set {SetId} already holds its {EntryCount} files")]
    public static partial void Unchanged(ILogger logger, SetId setId, int entryCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed archive of set {SetId}: {EntryCount} files, {StagedBlocks} of {TotalBlocks} blocks staged")]
    public static partial void Committed(ILogger logger, SetId setId, int entryCount, int stagedBlocks, int totalBlocks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted archive of set {SetId}: the set has no files")]
    public static partial void Deleted(ILogger logger, SetId setId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archive of set {SetId} changed underneath attempt {Attempt} ({Status} {ErrorCode}); retrying")]
    public static partial void Retrying(ILogger logger, SetId setId, int attempt, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported participant {ParticipantId} as {FileName}: {Sets} sets, {Files} files, {Blocks} blocks, {Bytes} bytes in {ElapsedMs} ms")]
    public static partial void Exported(ILogger logger, string participantId, string fileName, int sets, int files, int blocks, long bytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export of participant {ParticipantId} lost a race ({Status} {ErrorCode}): a recording changed or another export committed first; nothing was kept")]
    public static partial void ExportRaced(ILogger logger, string participantId, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted export {FileName}: a newer export of its participant was made, or it is older than a day")]
    public static partial void ExportDeleted(ILogger logger, string fileName);
}
