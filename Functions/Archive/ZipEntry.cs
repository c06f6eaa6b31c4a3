namespace RecordingFunctions.Archive;

/// <summary>What a STORED zip entry declares about its file, all known before any data is copied.</summary>
internal sealed record ZipEntry(string Name, uint Crc32, long Size, DateTimeOffset Modified);

/// <summary>An entry together with the archive offset of its local header.</summary>
internal readonly record struct PlacedZipEntry(ZipEntry Entry, long LocalHeaderOffset);
