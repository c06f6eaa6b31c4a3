namespace RecordingFunctions.Storage;

/// <summary>
/// The sensor quality figures kept on a set's index row (<c>Quality</c>, see <see cref="ChunkedJson"/>): one per
/// motion-sensor file, measured once when the file arrives, in file name order.
/// </summary>
public static class SetQualityRow
{
    private const string Property = nameof(RecordingSetSummary.Quality);

    public static List<SensorQuality> Read(TableEntity row) => ChunkedJson.Read<SensorQuality>(row, Property);

    /// <summary>Keeps the figures of the files <paramref name="contents"/> still holds.</summary>
    public static void KeepListed(TableEntity row, SetContents contents) => Write(row, Read(row).Where(q => contents.Holds(q.FileName)));

    /// <summary>Keeps <paramref name="quality"/>, replacing earlier figures of the same file.</summary>
    public static void Record(TableEntity row, SensorQuality quality) =>
        Write(row, Read(row).Where(q => q.FileName != quality.FileName).Append(quality));

    private static void Write(TableEntity row, IEnumerable<SensorQuality> quality) =>
        ChunkedJson.Write(row, Property, quality.OrderBy(q => q.FileName, StringComparer.Ordinal));
}
