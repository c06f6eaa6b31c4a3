using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecordingFunctions.Manage;
using RecordingFunctions.Watch;

namespace RecordingFunctions;

public static class RecordingFunctionsExtensions
{
    /// <summary>Everything the function classes need, for the Functions host and the development host alike.</summary>
    public static IHostApplicationBuilder AddRecordingFunctions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddRecordingStorage();
        services.AddUploadSizedRequestLimits();
        services.AddSingleton<IMemoryPoolFactory<byte>, ReceiveBlockPoolFactory>();

        services.AddSingleton(provider => DeploymentLimits.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<ConfigBootstrap>();
        services.AddSingleton<ConfigStore>();
        services.AddSingleton<PairingRequests>();
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<SetListing>();
        services.AddSingleton<SetIndex>();
        services.AddSingleton<SetQueries>();
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<RecordingSets>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IRecordingEvents, BlobTriggerRecordingEvents>();
        services.AddSingleton<BlobReadLinks>();
        services.AddSingleton<StorageProbe>();
        services.AddSingleton(ArchiveOptions.Default);
        services.AddSingleton<SetArchiver>();
        services.AddSingleton<ParticipantExporter>();
        services.AddSingleton<SetProjection>();
        services.AddSingleton<ParticipantStore>();
        services.AddSingleton<SetAssignments>();
        services.AddSingleton<ParticipantEnrolment>();
        services.AddSingleton<ModelAssignments>();
        services.AddSingleton<SetStatisticsRecorder>();
        services.AddSingleton<SensorPreviewReader>();

        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AdminGate>();
        services.AddSingleton<DeviceAuthenticator>();
        services.AddSingleton<AdminAdmission>();
        services.AddSingleton<BlobDownloads>();
        services.AddSingleton<WatchServerName>();
        services.AddOptions<DownloadOptions>().BindConfiguration(DownloadOptions.Section);

        // The fallback for doubled slashes answers through the watch functions themselves.
        services.AddTransient<PairingFunctions>();
        services.AddTransient<UploadFunctions>();
        services.AddTransient<ModelFunctions>();
        return builder;
    }
}
