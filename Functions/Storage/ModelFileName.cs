using System.Text.RegularExpressions;

namespace RecordingFunctions.Storage;

/// <summary>
/// A model's file name in the library, <c>NAME.ENDING</c>: what the watch endpoints serve as the attachment's name and
/// as <c>activeModel</c>. Watches since September 2021 load a model by its ending and crash on a name without one;
/// the 2021 builds cut the name at the first dot. So NAME has no dot and ENDING is always one of <see cref="Endings"/>.
/// </summary>
public sealed partial record ModelFileName
{
    public const int MaxNameLength = 100;

    /// <summary>What the library keeps: the watches' TensorFlow Lite and ONNX Runtime models, and the Flask server's PyTorch ones.</summary>
    public static readonly IReadOnlyList<string> Endings = ["tflite", "ort", "pt"];

    /// <summary>What a watch can load (protocol section 4); only these can be the active model.</summary>
    public static readonly IReadOnlyList<string> WatchEndings = ["tflite", "ort"];

    public const string Rule =
        "a model file is named NAME.tflite, NAME.ort or NAME.pt, where NAME has only letters, digits, '-' and '_' (the 2021 app cuts the name at the first dot)";

    private ModelFileName(string name, string ending)
    {
        Name = name;
        Ending = ending;
    }

    public string Name { get; }

    /// <summary>Lower case, without the dot.</summary>
    public string Ending { get; }

    public bool LoadableByWatches => WatchEndings.Contains(Ending);

    /// <returns>The name if <paramref name="fileName"/> already follows <see cref="Rule"/> (the ending in any case), else null.</returns>
    public static ModelFileName? Parse(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        if (dot < 0)
        {
            return null;
        }

        var ending = fileName[(dot + 1)..].ToLowerInvariant();
        var name = fileName[..dot];
        return Endings.Contains(ending) && ValidName().IsMatch(name) ? new ModelFileName(name, ending) : null;
    }

    /// <summary>
    /// The library name for a file the Flask server kept, whose name it only passed through <c>secure_filename</c>: a
    /// model ending repeated in the stem (<c>m.tflite.tflite</c>) is dropped, any other character the rule does not
    /// allow becomes '_', and the name is cut to <see cref="MaxNameLength"/> characters.
    /// </summary>
    /// <returns>Null when the ending is not a model's or the name is nothing but it.</returns>
    public static ModelFileName? FromFlask(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        var ending = dot < 0 ? "" : fileName[(dot + 1)..].ToLowerInvariant();
        if (!Endings.Contains(ending))
        {
            return null;
        }

        var stem = fileName[..dot];
        while (Endings.FirstOrDefault(e => stem.EndsWith("." + e, StringComparison.OrdinalIgnoreCase)) is { } repeated)
        {
            stem = stem[..^(repeated.Length + 1)];
        }

        var name = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        var valid = name.ToString()[..Math.Min(name.Length, MaxNameLength)];
        return valid.Length == 0 ? null : new ModelFileName(valid, ending);
    }

    /// <summary>The same name with another ending's mark, for a second file of one import that maps to a taken name.</summary>
    public ModelFileName WithEndingInName() =>
        new($"{Name[..Math.Min(Name.Length, MaxNameLength - Ending.Length - 1)]}_{Ending}", Ending);

    public override string ToString() => $"{Name}.{Ending}";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    public static partial Regex ValidName();
}
