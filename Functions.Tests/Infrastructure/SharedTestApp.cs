namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// One <see cref="TestApp"/> started for a test class and shared by its tests, which xunit runs one after another:
/// for tests that change no setting, clock or other state of the app's (or all change it alike), each pairing its own
/// watch and making its own sets and participants. A test that changes such state starts an app of its own.
/// </summary>
public sealed class SharedTestApp : IAsyncLifetime
{
    private TestApp? _app;

    public TestApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
