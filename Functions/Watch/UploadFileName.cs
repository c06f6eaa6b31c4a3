using System.Security.Cryptography;

namespace RecordingFunctions.Watch;

/// <summary>
/// Turns the file name a watch sent into the name it is stored under: paths, a leading dot and control characters
/// are refused; characters Windows forbids in file names (the 2022 app puts ':' in every name) are replaced the same
/// way every time, so a downloaded set unpacks on any system.
/// </summary>
public static class UploadFileName
{
    public const int MaxLength = 200;
    private const char Replacement = '_';
    private static readonly char[] WindowsForbidden = ['<', '>', ':', '"', '|', '?', '*'];
    private static readonly HashSet<string> WindowsReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <returns>The safe name, or an error saying why the name is refused.</returns>
    public static (string? Name, string? Error) Sanitize(string? sent)
    {
        if (string.IsNullOrWhiteSpace(sent))
        {
            return (null, "the file has no name");
        }

        if (sent.Contains('/') || sent.Contains('\\'))
        {
            return (null, "a file name must not contain a path");
        }

        // The name is trimmed below, so " .hidden.csv" would become a dot-name too.
        if (sent.TrimStart().StartsWith('.'))
        {
            return (null, "a file name must not start with a dot");
        }

        if (sent.Any(char.IsControl))
        {
            return (null, "a file name must not contain control characters");
        }

        if (sent.Length > MaxLength)
        {
            return (null, $"a file name must not be longer than {MaxLength} characters");
        }

        var name = new StringBuilder(sent.Length);
        foreach (var c in sent.Trim())
        {
            name.Append(Array.IndexOf(WindowsForbidden, c) >= 0 ? Replacement : c);
        }

        // Windows also drops trailing dots and spaces and refuses device names such as NUL.csv.
        var safe = name.ToString().TrimEnd('.', ' ');
        var stem = safe.Split('.')[0];
        if (WindowsReservedNames.Contains(stem))
        {
            safe = Replacement + safe;
        }

        return (safe, null);
    }

    public static string Ending(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? "" : name[(dot + 1)..].ToLowerInvariant();
    }

    /// <summary>The protocol's rule: microphone recordings are the zips whose name contains "mic".</summary>
    public static bool IsMicrophoneFile(string name) => RecordingBlobMetadata.IsMicrophoneName(name);

    /// <summary>A stable pseudonym: the same original name always gives the same stored name, so retries replace rather than duplicate.</summary>
    public static string MicrophonePseudonym(string storedName, StudySettings settings)
    {
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.PseudonymKey), Encoding.UTF8.GetBytes(storedName));
        return $"mic_{Convert.ToHexStringLower(digest)[..24]}.{Ending(storedName)}";
    }
}
