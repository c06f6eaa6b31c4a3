namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// The function app as a caller reaches it over HTTP, whichever host serves it: the development host in this process
/// (<see cref="TestApp"/>) or the real Azure Functions host in its own process (<see cref="FunctionsHostApp"/>).
/// </summary>
public interface IRunningApp
{
    Uri BaseAddress { get; }

    /// <summary>A client with no credentials: what a watch or a stranger has.</summary>
    HttpClient Http { get; }

    /// <summary>A client signed in as the admin, sending the header the page sends with changes.</summary>
    HttpClient Admin { get; }
}
