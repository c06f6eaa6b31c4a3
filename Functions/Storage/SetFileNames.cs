namespace RecordingFunctions.Storage;

/// <summary>
/// Which name an upload takes in its set. Different sent names can become one stored name (<c>a:b.csv</c> and
/// <c>a_b.csv</c>, <c>x.csv.</c> and <c>x.csv</c>, two pseudonyms); the second must not replace the first, since the
/// watch deletes its copy on the answer. So a file goes where the same sent name was stored before (a re-send replaces
/// it), else under the first variant of its stored name that no file holds: <c>a_b.csv</c>, <c>a_b (2).csv</c>,
/// <c>a_b (3).csv</c>, ... The ending stays last, so allowed endings, content types and the zip treat a variant like
/// any file.
/// </summary>
public static class SetFileNames
{
    /// <summary>The <paramref name="number"/>th variant of <paramref name="name"/>; the first is the name itself.</summary>
    public static string Variant(string name, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (number == 1)
        {
            return name;
        }

        var (stem, ending) = Split(name);
        return string.Create(CultureInfo.InvariantCulture, $"{stem} ({number}){ending}");
    }

    /// <summary>The part of every variant's name that comes before its number: a listing with it as prefix finds them all.</summary>
    public static string VariantPrefix(string name) => Split(name).Stem;

    /// <param name="storedName">The name the upload's sent name becomes.</param>
    /// <param name="originalName">The sent name as <see cref="RecordingBlobMetadata.OriginalName"/> keeps it.</param>
    /// <param name="existing">The set's files whose names start with <see cref="VariantPrefix"/>.</param>
    /// <param name="reserved">Names no upload may take though no file holds them yet.</param>
    public static SetFileName Choose(string storedName, string originalName, IEnumerable<ExistingFile> existing, IEnumerable<string> reserved)
    {
        var files = existing.ToList();
        var sameOriginal = files
            .Where(f => f.OriginalName == originalName)
            .Select(f => (File: f, Number: VariantNumber(storedName, f.Name)))
            .Where(f => f.Number is not null)
            .OrderBy(f => f.Number)
            .Select(f => f.File)
            .FirstOrDefault();
        if (sameOriginal is { } replaced)
        {
            return new SetFileName(replaced.Name, replaced.ETag);
        }

        var taken = files.Select(f => f.Name).Concat(reserved).ToHashSet(StringComparer.Ordinal);
        for (var number = 1; ; number++)
        {
            var candidate = Variant(storedName, number);
            if (!taken.Contains(candidate))
            {
                return new SetFileName(candidate, null);
            }
        }
    }

    /// <summary>Which variant of <paramref name="storedName"/> <paramref name="name"/> is, or null when it is none.</summary>
    private static int? VariantNumber(string storedName, string name)
    {
        if (name == storedName)
        {
            return 1;
        }

        var (stem, ending) = Split(storedName);
        var opening = stem + " (";
        var closing = ")" + ending;
        if (name.Length <= opening.Length + closing.Length
            || !name.StartsWith(opening, StringComparison.Ordinal)
            || !name.EndsWith(closing, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = name.AsSpan(opening.Length, name.Length - opening.Length - closing.Length);
        return digits[0] != '0' && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 2
            ? number
            : null;
    }

    private static (string Stem, string Ending) Split(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? (name, "") : (name[..dot], name[dot..]);
    }
}

/// <summary>A file of the set as listed: its name there, the sent name it came from (null for files not uploaded by a watch), its version.</summary>
public sealed record ExistingFile(string Name, string? OriginalName, ETag ETag)
{
    /// <summary>The set's files in <paramref name="container"/> whose names start with <paramref name="namePrefix"/>, in one listing.</summary>
    public static async Task<List<ExistingFile>> ListAsync(BlobContainerClient container, SetId set, string namePrefix, CancellationToken cancellationToken) =>
        [.. (await SetListing.ReadAsync(container, set, namePrefix, cancellationToken)).Files.Select(f => new ExistingFile(f.Name, f.Metadata.OriginalName, f.ETag))];
}

/// <summary>Where an upload goes; <paramref name="Replaces"/> is the version it replaces, null for a name no file holds.</summary>
public sealed record SetFileName(string Name, ETag? Replaces);
