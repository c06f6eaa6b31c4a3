using Microsoft.Extensions.Hosting;

namespace RecordingFunctions;

public static class RecordingFunctionsExtensions
{
    public static IHostApplicationBuilder AddRecordingFunctions(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
