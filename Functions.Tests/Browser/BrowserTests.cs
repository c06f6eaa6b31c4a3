namespace RecordingFunctions.Tests.Browser;

/// <summary>
/// The browser test classes run one after another (each with its own Chromium, a class fixture): two Chromiums
/// side by side on a small CI machine only slow each other down.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class BrowserTests
{
    public const string Collection = "Browser";
}
