using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RecordingFunctions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<RequestFailureMiddleware>();
builder.UseMiddleware<StorageReadyMiddleware>();
builder.UseMiddleware<AdminGateMiddleware>();
builder.AddRecordingFunctions();
builder.Build().Run();
