using System.Diagnostics;
using System.Reflection;

namespace RecordingFunctions.Tests.Infra;

/// <summary>
/// Compiles infra/main.bicep once with the real Bicep CLI (NuGet package
/// Azure.Bicep.CommandLine.linux-x64) and keeps the ARM JSON and the CLI output.
/// </summary>
public sealed class BicepTemplateFixture : IDisposable
{
    private static readonly TimeSpan BicepTimeout = TimeSpan.FromMinutes(3);

    private readonly string _outputDirectory;
    private readonly JsonDocument _document;

    public BicepTemplateFixture()
    {
        RepositoryRoot = Repository.Root;
        MainBicepPath = Path.Combine(RepositoryRoot, "infra", "main.bicep");
        BicepPath = FindBicepCli();

        _outputDirectory = Directory.CreateTempSubdirectory("recordings-infra-").FullName;
        var armPath = Path.Combine(_outputDirectory, "main.json");

        Build = RunBicep("build", MainBicepPath, "--outfile", armPath);
        Lint = RunBicep("lint", MainBicepPath);

        if (Build.ExitCode != 0 || !File.Exists(armPath))
        {
            throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):{Environment.NewLine}{Build.Output}");
        }

        _document = JsonDocument.Parse(File.ReadAllText(armPath));
        ArmTemplateText = File.ReadAllText(armPath);
    }

    public string RepositoryRoot { get; }

    public string MainBicepPath { get; }

    public string BicepPath { get; }

    public BicepRun Build { get; }

    public BicepRun Lint { get; }

    public JsonElement Template => _document.RootElement;

    public string ArmTemplateText { get; }

    public void Dispose()
    {
        _document.Dispose();
        try
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private BicepRun RunBicep(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(BicepPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {BicepPath}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BicepTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {BicepTimeout}.");
        }

        process.WaitForExit();
        var output = (stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult()).Trim();
        return new BicepRun(process.ExitCode, output);
    }

    private static string FindBicepCli()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BICEP_CLI_PATH");
        var path = !string.IsNullOrEmpty(fromEnvironment)
            ? fromEnvironment
            : typeof(BicepTemplateFixture).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "BicepCliPath")?.Value;

        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at '{path}'. The test project must reference Azure.Bicep.CommandLine.linux-x64 " +
                "with GeneratePathProperty=\"true\" and pass its tools/bicep path as AssemblyMetadata 'BicepCliPath'.");
        }

        // NuGet extraction does not always keep the executable bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}

public sealed record BicepRun(int ExitCode, string Output);

/// <summary>A resource of the compiled template, with the nested deployment (module) holding it.</summary>
public sealed record ArmResource(string Type, JsonElement Element, JsonElement? Deployment)
{
    public JsonElement Properties => Element.TryGetProperty("properties", out var properties) ? properties : default;
}

public sealed class InfrastructureTemplateTests(BicepTemplateFixture fixture) : IClassFixture<BicepTemplateFixture>
{
    private const string SiteType = "Microsoft.Web/sites";
    private const string AppSettingsType = "Microsoft.Web/sites/config";

    [Fact]
    public void BicepBuildSucceedsWithoutWarnings()
    {
        Assert.Equal(0, fixture.Build.ExitCode);
        Assert.True(fixture.Build.Output.Length == 0, $"bicep build printed:{Environment.NewLine}{fixture.Build.Output}");
    }

    [Fact]
    public void BicepLintReportsNothing()
    {
        Assert.Equal(0, fixture.Lint.ExitCode);
        Assert.True(fixture.Lint.Output.Length == 0, $"bicep lint printed:{Environment.NewLine}{fixture.Lint.Output}");
    }

    [Fact]
    public void FunctionAppRunsOnFlexConsumption()
    {
        var plan = Assert.Single(Resources("Microsoft.Web/serverfarms"));
        var sku = plan.Element.GetProperty("sku");
        Assert.Equal("FC1", sku.GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", sku.GetProperty("tier").GetString());
        Assert.True(plan.Properties.GetProperty("reserved").GetBoolean(), "Flex Consumption is Linux only (reserved: true).");

        var site = Assert.Single(Resources(SiteType));
        Assert.Contains("linux", site.Element.GetProperty("kind").GetString(), StringComparison.Ordinal);
        Assert.True(site.Properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", site.Properties.GetProperty("siteConfig").GetProperty("minTlsVersion").GetString());
        Assert.True(site.Properties.TryGetProperty("functionAppConfig", out _), "functionAppConfig is what makes a Flex Consumption app.");
    }

    [Fact]
    public void RuntimeIsDotnetIsolatedTen()
    {
        var site = Assert.Single(Resources(SiteType));
        var runtime = site.Properties.GetProperty("functionAppConfig").GetProperty("runtime");
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());

        // Flex Consumption rejects the runtime app settings of the other plans.
        var settings = AppSettings();
        Assert.False(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
        Assert.False(settings.ContainsKey("WEBSITE_RUN_FROM_PACKAGE"));
    }

    [Fact]
    public void DeploymentPackageAndIdentityUseTheUserAssignedIdentity()
    {
        var site = Assert.Single(Resources(SiteType));
        Assert.Equal("UserAssigned", site.Element.GetProperty("identity").GetProperty("type").GetString());

        var storage = site.Properties.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());

        var policies = Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Properties.GetProperty("allow").GetBoolean()));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("RecordingsStorage")]
    public void StorageConnectionUsesManagedIdentity(string connection)
    {
        var settings = AppSettings();
        Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
        Assert.Contains($"{connection}__clientId", settings.Keys);
        Assert.Contains($"{connection}__blobServiceUri", settings.Keys);
        Assert.Contains($"{connection}__queueServiceUri", settings.Keys);
        Assert.Contains($"{connection}__tableServiceUri", settings.Keys);
        Assert.False(settings.ContainsKey(connection), $"'{connection}' as a plain connection string would carry a key.");
        Assert.False(settings.ContainsKey($"{connection}__accountKey"));
    }

    [Fact]
    public void NoStorageKeyOrKeyedConnectionStringAnywhere()
    {
        var text = fixture.ArmTemplateText;
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listAccountSas(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listServiceSas(", text, StringComparison.OrdinalIgnoreCase);

        // The only listKeys() allowed is the one reading the Functions host's system key for
        // the Event Grid webhook; never one on the storage account.
        foreach (var call in FindCalls(text, "listKeys("))
        {
            Assert.DoesNotContain("Microsoft.Storage", call, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("/host/default", call, StringComparison.Ordinal);
        }

        foreach (var (name, value) in AppSettings())
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys(", value, StringComparison.OrdinalIgnoreCase);
            Assert.False(
                value.Contains("DefaultEndpointsProtocol", StringComparison.OrdinalIgnoreCase),
                $"App setting {name} looks like a keyed storage connection string.");
        }
    }

    [Fact]
    public void StorageAccountAcceptsOnlyEntraIdOverTls12()
    {
        var account = Assert.Single(Resources("Microsoft.Storage/storageAccounts"));
        Assert.False(account.Properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.Properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.Properties.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void SoftDeleteIsOnForBlobsAndContainers()
    {
        var blobService = Assert.Single(Resources("Microsoft.Storage/storageAccounts/blobServices"));
        foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
        {
            var retention = blobService.Properties.GetProperty(policy);
            Assert.True(retention.GetProperty("enabled").GetBoolean(), $"{policy} must be enabled.");
            Assert.Contains("softDeleteRetentionDays", retention.GetProperty("days").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(14, TopLevelParameter("softDeleteRetentionDays").GetProperty("defaultValue").GetInt32());
    }

    [Fact]
    public void LifecyclePolicyMovesRecordingsAndArchivesToCool()
    {
        var definition = LifecycleRule("recordings-and-archives-to-cool");
        var prefixes = definition.GetProperty("filters").GetProperty("prefixMatch").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["recordings/", "archives/"], prefixes);
        var tierToCool = definition.GetProperty("actions").GetProperty("baseBlob").GetProperty("tierToCool");
        Assert.Contains("coolAfterDays", tierToCool.GetProperty("daysAfterModificationGreaterThan").GetString(), StringComparison.Ordinal);
        Assert.Equal(30, TopLevelParameter("coolAfterDays").GetProperty("defaultValue").GetInt32());
    }

    [Fact]
    public void LifecyclePolicyDeletesExportsAfterADay()
    {
        var definition = LifecycleRule("exports-deleted-after-a-day");
        var filters = definition.GetProperty("filters");
        Assert.Equal(["exports/"], filters.GetProperty("prefixMatch").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["blockBlob"], filters.GetProperty("blobTypes").EnumerateArray().Select(p => p.GetString()));
        var actions = definition.GetProperty("actions").GetProperty("baseBlob");
        Assert.Equal(["delete"], actions.EnumerateObject().Select(a => a.Name));
        Assert.Equal(1, actions.GetProperty("delete").GetProperty("daysAfterModificationGreaterThan").GetInt32());
    }

    [Fact]
    public void StorageDeclaresTheAppContainersAndTables()
    {
        var containers = Assert.Single(Resources("Microsoft.Storage/storageAccounts/blobServices/containers"));
        var tables = Assert.Single(Resources("Microsoft.Storage/storageAccounts/tableServices/tables"));
        var storageTemplate = containers.Deployment!.Value.GetProperty("properties").GetProperty("template");

        var containerNames = DefaultArray(storageTemplate, "dataContainerNames");
        Assert.Equal(["recordings", "tf-models", "archives", "config", "exports"], containerNames);
        Assert.Contains("deploymentContainerName", containers.Element.GetProperty("name").GetString(), StringComparison.Ordinal);

        var tableNames = DefaultArray(tables.Deployment!.Value.GetProperty("properties").GetProperty("template"), "tableNames");
        Assert.Equal(["Pairing", "RecordingSets", "Models", "AuditLog", "LoginAttempts", "Participants"], tableNames);
    }

    [Fact]
    public void EventGridSubscriptionSendsRecordingsBlobCreatedToArchiveSetOnEventGrid()
    {
        var topic = Assert.Single(Resources("Microsoft.EventGrid/systemTopics"));
        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Properties.GetProperty("topicType").GetString());

        var subscription = Assert.Single(Resources("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        var filter = subscription.Properties.GetProperty("filter");
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter.GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/blobServices/default/containers/recordings/", filter.GetProperty("subjectBeginsWith").GetString());

        var destination = subscription.Properties.GetProperty("destination");
        Assert.Equal("WebHook", destination.GetProperty("endpointType").GetString());
        var endpointUrl = destination.GetProperty("properties").GetProperty("endpointUrl").GetString();
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.ArchiveSetOnEventGrid&code=", endpointUrl, StringComparison.Ordinal);
        Assert.Contains("systemKeys.blobs_extension", endpointUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void UploadLimitAndPollingTriggerSettings()
    {
        var settings = AppSettings();
        Assert.Equal("[string(parameters('maxUploadBytes'))]", settings["Recordings__MaxUploadBytes"]);
        Assert.Equal($"[string(add(parameters('maxUploadBytes'), {RequestLimits.MultipartOverhead}))]", settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"]);
        Assert.Equal("true", settings["AzureWebJobs.ArchiveSetOnBlobPolling.Disabled"]);
        Assert.False(settings.ContainsKey("AzureWebJobs.ArchiveSetOnEventGrid.Disabled"));

        var scale = Assert.Single(Resources(SiteType)).Properties.GetProperty("functionAppConfig").GetProperty("scaleAndConcurrency");
        Assert.Equal("[parameters('instanceMemoryMB')]", scale.GetProperty("instanceMemoryMB").GetString());
        Assert.Equal("[parameters('httpPerInstanceConcurrency')]", scale.GetProperty("triggers").GetProperty("http").GetProperty("perInstanceConcurrency").GetString());
    }

    /// <summary>
    /// The Functions host holds every upload that declares its length in memory before the app runs: measured on the
    /// real host (RealHostUploadTests, docs/deploy.md), about 5.7 bytes per uploaded byte on top of about 300 MB for
    /// the host and its worker. The largest accepted file, at the deployed concurrency, must fit in 80% of an instance.
    /// </summary>
    [Fact]
    public void The_default_limits_keep_the_largest_uploads_at_the_deployed_concurrency_within_80_percent_of_an_instance()
    {
        const double hostAndWorkerMB = 300;
        const double hostBytesPerUploadedByte = 5.7;
        var maxUpload = TopLevelParameter("maxUploadBytes").GetProperty("defaultValue").GetInt64();
        var instanceMemoryMB = TopLevelParameter("instanceMemoryMB").GetProperty("defaultValue").GetInt32();
        var concurrency = TopLevelParameter("httpPerInstanceConcurrency").GetProperty("defaultValue").GetInt32();

        var neededMB = hostAndWorkerMB + (hostBytesPerUploadedByte * concurrency * maxUpload / 1_000_000);
        Assert.True(neededMB <= 0.8 * instanceMemoryMB, $"{concurrency} uploads of {maxUpload} bytes need about {neededMB:F0} MB of a {instanceMemoryMB} MB instance");

        // azd's parameter file and a local run have the same defaults, and so has a new configuration document.
        var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.parameters.json"))).RootElement.GetProperty("parameters");
        Assert.Equal($"{maxUpload}", AzdDefault(parameters, "maxUploadBytes"));
        Assert.Equal($"{instanceMemoryMB}", AzdDefault(parameters, "instanceMemoryMB"));
        Assert.Equal($"{concurrency}", AzdDefault(parameters, "httpPerInstanceConcurrency"));
        var local = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "local.settings.sample.json"))).RootElement.GetProperty("Values");
        Assert.Equal($"{maxUpload}", local.GetProperty("Recordings__MaxUploadBytes").GetString());
        Assert.Equal($"{maxUpload + RequestLimits.MultipartOverhead}", local.GetProperty("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT").GetString());
        Assert.Equal(DeploymentLimits.DefaultMaxUploadBytes, maxUpload);
    }

    [Fact]
    public void TelemetryUsesEntraIdAuthentication()
    {
        var settings = AppSettings();
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD'", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);

        var insights = Assert.Single(Resources("Microsoft.Insights/components"));
        Assert.True(insights.Properties.GetProperty("DisableLocalAuth").GetBoolean());
    }

    [Fact]
    public void AdminPasswordIsSecureAndNeverAnOutput()
    {
        var parameter = TopLevelParameter("adminPassword");
        Assert.Equal("securestring", parameter.GetProperty("type").GetString(), ignoreCase: true);
        Assert.Contains("RECORDINGS_ADMIN_PASSWORD", AppSettings().Keys);

        // Every template (main and modules) that declares adminPassword declares it secure,
        // and no output anywhere refers to it.
        foreach (var template in Templates(fixture.Template))
        {
            if (template.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("adminPassword", out var nested))
            {
                Assert.Equal("securestring", nested.GetProperty("type").GetString(), ignoreCase: true);
            }

            if (template.TryGetProperty("outputs", out var outputs))
            {
                foreach (var output in outputs.EnumerateObject())
                {
                    Assert.DoesNotContain("adminPassword", output.Value.GetRawText(), StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("ADMIN_PASSWORD", output.Name, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [Fact]
    public void OutputsGiveTheUrlsTheWatchesAndTheAdminNeed()
    {
        var outputs = fixture.Template.GetProperty("outputs");
        foreach (var name in new[]
        {
            "AZURE_FUNCTION_APP_NAME", "SERVICE_API_URI", "RECORDINGS_BASE_URL", "RECORDINGS_ADMIN_PAGE_URL",
            "AZURE_RESOURCE_GROUP", "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_EVENT_GRID_SYSTEM_TOPIC_NAME",
        })
        {
            Assert.True(outputs.TryGetProperty(name, out _), $"Output {name} is missing.");
        }

        Assert.Contains("{0}/manage", outputs.GetProperty("RECORDINGS_ADMIN_PAGE_URL").GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The default of an azd parameter written as <c>${NAME=default}</c>.</summary>
    private static string AzdDefault(JsonElement parameters, string name)
    {
        var value = parameters.GetProperty(name).GetProperty("value").GetString()!;
        return value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..^1];
    }

    private JsonElement TopLevelParameter(string name) => fixture.Template.GetProperty("parameters").GetProperty(name);

    /// <summary>The definition of the storage lifecycle rule named <paramref name="name"/>.</summary>
    private JsonElement LifecycleRule(string name)
    {
        var policy = Assert.Single(Resources("Microsoft.Storage/storageAccounts/managementPolicies"));
        var rules = policy.Properties.GetProperty("policy").GetProperty("rules").EnumerateArray();
        return Assert.Single(rules, rule => rule.GetProperty("name").GetString() == name).GetProperty("definition");
    }

    private Dictionary<string, string> AppSettings()
    {
        var config = Assert.Single(Resources(AppSettingsType), r =>
            r.Element.GetProperty("name").GetString()?.Contains("'appsettings'", StringComparison.Ordinal) == true);
        return config.Properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
    }

    private IEnumerable<ArmResource> Resources(string type) =>
        AllResources(fixture.Template, deployment: null)
            .Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>Resources of a template and, recursively, of its inline nested deployments (modules).</summary>
    private static IEnumerable<ArmResource> AllResources(JsonElement template, JsonElement? deployment)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
        var items = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();

        foreach (var resource in items)
        {
            var type = resource.GetProperty("type").GetString() ?? string.Empty;
            if (resource.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            yield return new ArmResource(type, resource, deployment);

            if (type == "Microsoft.Resources/deployments"
                && resource.GetProperty("properties").TryGetProperty("template", out var nested))
            {
                foreach (var inner in AllResources(nested, resource))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Templates(JsonElement template)
    {
        yield return template;
        foreach (var deployment in AllResources(template, deployment: null).Where(r => r.Type == "Microsoft.Resources/deployments"))
        {
            if (deployment.Properties.TryGetProperty("template", out var nested))
            {
                yield return nested;
            }
        }
    }

    private static List<string?> DefaultArray(JsonElement template, string parameter) =>
        template.GetProperty("parameters").GetProperty(parameter).GetProperty("defaultValue")
            .EnumerateArray().Select(e => e.GetString()).ToList();

    /// <summary>The text of each call of <paramref name="function"/> up to its closing parenthesis.</summary>
    private static IEnumerable<string> FindCalls(string text, string function)
    {
        for (var start = text.IndexOf(function, StringComparison.OrdinalIgnoreCase);
             start >= 0;
             start = text.IndexOf(function, start + function.Length, StringComparison.OrdinalIgnoreCase))
        {
            var depth = 0;
            var call = new StringBuilder();
            for (var i = start; i < text.Length; i++)
            {
                call.Append(text[i]);
                if (text[i] == '(')
                {
                    depth++;
                }
                else if (text[i] == ')' && --depth == 0)
                {
                    break;
                }
            }

            yield return call.ToString();
        }
    }
}
