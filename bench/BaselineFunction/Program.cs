using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The same hosting as the app (isolated worker, ASP.NET Core integration), with nothing but a container to write to.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSingleton(new BlobContainerClient(
    builder.Configuration["BASELINE_STORAGE"] ?? throw new InvalidOperationException("BASELINE_STORAGE (a storage connection string) is not set."),
    builder.Configuration["BASELINE_CONTAINER"] ?? throw new InvalidOperationException("BASELINE_CONTAINER (an existing container's name) is not set.")));
builder.Build().Run();
