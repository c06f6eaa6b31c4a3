namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>An app started once for the tests of a class or collection, and stopped after the last of them.</summary>
public abstract class StartedApp<TApp>(Func<Task<TApp>> start) : IAsyncLifetime
    where TApp : class, IAsyncDisposable
{
    private TApp? _app;

    public TApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await start();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
