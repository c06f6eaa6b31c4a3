using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace RecordingFunctions.Storage;

/// <summary>
/// The uuid of a recording set, as <c>GET recording/new/</c> hands it out: a GUID in its "D" form (8-4-4-4-12 hex
/// digits), written in lower case. That text names the set everywhere: its folder in the recordings container
/// (<c>{id}/{file}</c>), its zip, its index row and every answer. Serialized as that text.
/// </summary>
[JsonConverter(typeof(SetIdJsonConverter))]
public readonly record struct SetId
{
    private readonly Guid _value;

    private SetId(Guid value) => _value = value;

    /// <summary>A new set's id.</summary>
    public static SetId New() => new(Guid.NewGuid());

    /// <summary>
    /// The one rule for a set id sent to the app (by a watch, the page or an import): a GUID in the "D" form, in either
    /// case; the id is its lower-case text.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SetId id)
    {
        var parsed = Guid.TryParseExact(text, "D", out var value);
        id = parsed ? new SetId(value) : default;
        return parsed;
    }

    /// <summary>
    /// A name in storage (a blob's folder, a trigger's path) is a set's only when it is the id's own text: a folder
    /// written in capitals was put there by other means than this app and belongs to no set.
    /// </summary>
    public static bool TryParseStored([NotNullWhen(true)] string? text, out SetId id) =>
        TryParse(text, out id) && id.ToString() == text;

    /// <exception cref="FormatException">The text is not a set id (see <see cref="TryParse"/>).</exception>
    public static SetId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"Not a set uuid: {text}");

    /// <summary>The start of every blob name of the set: <c>{id}/</c>.</summary>
    public string BlobPrefix => ToString() + "/";

    /// <summary>The blob name of the set's file <paramref name="fileName"/>.</summary>
    public string BlobName(string fileName) => BlobPrefix + fileName;

    /// <summary>The set's zip in the archives container, and the name it is downloaded under.</summary>
    public string ArchiveName => ToString() + ".zip";

    /// <summary>The file name of one of the set's blobs, <paramref name="blobName"/> without the set's folder.</summary>
    public string FileNameOf(string blobName) =>
        blobName.StartsWith(BlobPrefix, StringComparison.Ordinal)
            ? blobName[BlobPrefix.Length..]
            : throw new ArgumentException($"{blobName} is not a blob of set {this}", nameof(blobName));

    public override string ToString() => _value.ToString("D");

    private sealed class SetIdJsonConverter : JsonConverter<SetId>
    {
        public override SetId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryParse(reader.GetString(), out var id) ? id : throw new JsonException("not a set uuid");

        public override void Write(Utf8JsonWriter writer, SetId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
