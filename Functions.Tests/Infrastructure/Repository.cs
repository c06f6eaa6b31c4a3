using System.Runtime.CompilerServices;

namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>The repository the tests were built from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        // The build output normally sits under the repository; the source file's folder is the fallback.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "RecordingFunctions.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No folder holding RecordingFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
