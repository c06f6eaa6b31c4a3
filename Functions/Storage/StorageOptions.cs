namespace RecordingFunctions.Storage;

/// <summary>
/// Names of the containers and tables. Production uses the defaults; tests give every run a prefix
/// so that runs own their data and can go in parallel.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Recordings:Storage";

    /// <summary>Lowercase letters and digits, prepended to every container and table name.</summary>
    public string Prefix { get; set; } = "";

    public string ContainerName(string name) => Prefix + name;

    public string TableName(string name) => Prefix + name;
}
