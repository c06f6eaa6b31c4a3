namespace RecordingFunctions.Storage;

/// <summary>
/// The Pairing table's one partition, which pairing requests and paired devices share so that handing out a grant
/// (the request goes, the device comes) is one transaction.
/// </summary>
internal static class PairingPartition
{
    public const string Key = "pairing";

    /// <summary>The filter for the rows whose key starts with <paramref name="prefix"/> (which ends in <c>-</c>).</summary>
    public static string RowsStartingWith(string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Key} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "."}");
}
