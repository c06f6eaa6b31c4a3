namespace RecordingFunctions.Tests.Infrastructure;

public static class ServiceLookups
{
    public static Task<StudySettings> GetConfigAsync(this IServiceProvider services) =>
        services.GetRequiredService<ConfigStore>().GetAsync();
}
