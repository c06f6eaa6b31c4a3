namespace RecordingFunctions.Tests.Infrastructure;

/// <summary>
/// One <see cref="TestApp"/> started for a test class and shared by its tests, which xunit runs one after another:
/// for tests that change no setting, clock or other state of the app's (or all change it alike), each pairing its own
/// watch and making its own sets and participants. A test that changes such state starts an app of its own.
/// </summary>
public sealed class SharedTestApp() : StartedApp<TestApp>(() => TestApp.StartAsync());
