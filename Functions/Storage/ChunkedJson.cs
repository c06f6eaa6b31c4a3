namespace RecordingFunctions.Storage;

/// <summary>
/// A list kept on a table row as JSON arrays: <c>Name</c>, then <c>Name1</c>, <c>Name2</c>... when one string property
/// (at most 32K characters) cannot hold it all, as with the figures of a set of many runs.
/// </summary>
internal static class ChunkedJson
{
    private const int MaxPropertyLength = 30_000;

    public static List<T> Read<T>(TableEntity row, string name, JsonSerializerOptions? options = null)
    {
        var items = new List<T>();
        for (var part = 0; row.GetString(Property(name, part)) is { Length: > 0 } json; part++)
        {
            items.AddRange(JsonSerializer.Deserialize<List<T>>(json, options) ?? []);
        }

        return items;
    }

    /// <summary>Replaces the list, in the order given.</summary>
    public static void Write<T>(TableEntity row, string name, IEnumerable<T> items, JsonSerializerOptions? options = null)
    {
        var stale = 0;
        while (row.Remove(Property(name, stale)))
        {
            stale++;
        }

        var parts = new List<List<string>>();
        var length = 0;
        foreach (var entry in items.Select(item => JsonSerializer.Serialize(item, options)))
        {
            if (parts.Count == 0 || length + entry.Length + 1 > MaxPropertyLength)
            {
                parts.Add([]);
                length = 2;
            }

            parts[^1].Add(entry);
            length += entry.Length + 1;
        }

        for (var part = 0; part < parts.Count; part++)
        {
            row[Property(name, part)] = $"[{string.Join(',', parts[part])}]";
        }
    }

    private static string Property(string name, int part) => part == 0 ? name : name + part.ToString(CultureInfo.InvariantCulture);
}
