using RecordingFunctions.Security;

namespace RecordingFunctions.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task First_start_creates_the_document_with_a_long_random_secret_and_every_key()
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetConfigAsync();

        var yaml = (await app.Containers.Config.GetBlobClient(ConfigStore.DocumentName).DownloadContentAsync()).Value.Content.ToString();
        var document = ConfigDocument.Parse(yaml);
        Assert.Equal(ConfigDocument.CurrentVersion, document.Version);
        Assert.All(ConfigKeys.All, key => Assert.True(key.IsIn(document), $"{key.YamlName} is missing"));
        Assert.True(ConfigKeys.ClientSecret.ReadFrom(document).Length >= 42);
        Assert.Equal(TestApp.AdminUser, ConfigKeys.User.ReadFrom(document));
        Assert.StartsWith(PasswordHashing.Prefix, ConfigKeys.Password.ReadFrom(document), StringComparison.Ordinal);
        Assert.DoesNotContain(app.AdminPassword, yaml, StringComparison.Ordinal);
        Assert.Equal(["zip", "mkv", "csv", "3gp", "tflite", "json", "avi", "ort", "pt"], ConfigKeys.AllowedEndings.ReadFrom(document));
    }

    [Fact]
    public async Task A_new_configuration_hides_renames_and_leaves_microphone_files_out_of_zips_as_the_Flask_server_did()
    {
        await using var app = await TestApp.StartAsync();
        var settings = await app.Services.GetConfigAsync();

        Assert.True(settings.HideMicFiles);
        Assert.True(settings.RenameMicFiles);
        Assert.False(settings.PackMicFiles);
        var yaml = (await app.Containers.Config.GetBlobClient(ConfigStore.DocumentName).DownloadContentAsync()).Value.Content.ToString();
        var stored = ConfigDocument.Parse(yaml);
        Assert.Equal(
            (true, true, false),
            (ConfigKeys.HideMicFiles.ReadFrom(stored), ConfigKeys.RenameMicFiles.ReadFrom(stored), ConfigKeys.PackMicFiles.ReadFrom(stored)));
    }

    [Fact]
    public void The_sample_document_lists_every_key_with_the_default_a_new_configuration_gets()
    {
        var sample = ConfigDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "conf", "config.sample.yml")));
        var firstStart = new FirstStart(adminUser: null, adminPassword: null);

        Assert.Equal(ConfigDocument.CurrentVersion, sample.Version);
        Assert.All(ConfigKeys.All, key => Assert.True(key.IsIn(sample), $"conf/config.sample.yml lacks {key.YamlName}"));
        var fromSample = ConfigMigration.Complete(sample, firstStart).Settings;
        var defaults = ConfigMigration.Complete(ConfigDocument.Empty(), firstStart).Settings;
        var generatedAtFirstStart = ConfigKeys.All.Where(key => key.FromFirstStart).Select(key => key.Name);
        Assert.DoesNotContain(ChangedSetting.Between(defaults, fromSample), change => !generatedAtFirstStart.Contains(change.Name));
    }

    [Fact]
    public async Task A_restart_keeps_the_same_secret()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        string secret, password;
        await using (var first = await TestApp.StartAsync(prefix: prefix, keepData: true))
        {
            secret = (await first.Services.GetConfigAsync()).ClientSecret;
            password = first.AdminPassword;
        }

        await using var second = await TestApp.StartAsync(prefix: prefix);
        Assert.Equal(secret, (await second.Services.GetConfigAsync()).ClientSecret);
    }

    [Fact]
    public async Task A_broken_document_is_kept_and_the_last_good_configuration_served()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        string secret, password;
        await using (var first = await TestApp.StartAsync(prefix: prefix, keepData: true))
        {
            secret = (await first.Services.GetConfigAsync()).ClientSecret;
            password = first.AdminPassword;
            await first.Containers.Config.GetBlobClient(ConfigStore.DocumentName).UploadAsync(BinaryData.FromString("user: [unclosed\n  : :"), overwrite: true);
        }

        // A fresh instance (nothing in memory) still serves the last good configuration.
        await using var second = await TestApp.StartAsync(prefix: prefix);
        Assert.Equal(secret, (await second.Services.GetConfigAsync()).ClientSecret);
        var store = second.Services.GetRequiredService<ConfigStore>();
        Assert.True(store.DocumentIsBroken);
        await Assert.ThrowsAsync<ConfigDocumentBrokenException>(() => store.UpdateAsync(s => s with { HideMicFiles = true }));
        second.Admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth(TestApp.AdminUser, password);
        using var refusedInPage = await second.Admin.PutAsJsonAsync("manage/api/settings", new { hideMicFiles = true });
        await refusedInPage.AssertJsonErrorAsync(HttpStatusCode.Conflict);
        var stored = (await second.Containers.Config.GetBlobClient(ConfigStore.DocumentName).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal("user: [unclosed\n  : :", stored);

        // Watches holding the shared secret keep uploading meanwhile.
        var watch = SimulatedWatch.Of2021(second);
        watch.Token = secret;
        var setId = Guid.NewGuid().ToString();
        using var upload = await watch.UploadAsync(setId, "battery_0.csv", "x"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
    }

    /// <summary>Each kind of wrong value is named as <see cref="ConfigMigrationTests"/> shows without an app.</summary>
    [Fact]
    public async Task A_document_with_a_wrong_value_is_left_as_it_is_and_the_problem_named()
    {
        const string yaml = "max_upload_bytes: -5\n";
        const string named = "'max_upload_bytes' must be a positive whole number";
        await using var app = await TestApp.StartAsync();
        var store = app.Services.GetRequiredService<ConfigStore>();
        var good = await store.GetAsync();
        var document = app.Containers.Config.GetBlobClient(ConfigStore.DocumentName);
        await document.UploadAsync(BinaryData.FromString(yaml), overwrite: true);

        var refused = await Assert.ThrowsAsync<ConfigDocumentBrokenException>(() => store.UpdateAsync(s => s with { HideMicFiles = true }));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Equal(yaml, (await document.DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(good.ClientSecret, (await store.GetAsync()).ClientSecret);
    }

    [Fact]
    public async Task A_Flask_config_is_migrated_keeping_its_secret_unknown_keys_and_hashing_the_password()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        await using var app = await TestApp.StartAsync(prefix: prefix);
        await app.Services.GetConfigAsync();
        const string flaskConfig = """
            client_secret: flask-era-secret
            user: study
            user_pw: correct horse
            hide_mic_files: False
            pack_mic_files: True
            study_site: Freiburg
            """;
        await app.Containers.Config.GetBlobClient(ConfigStore.DocumentName).UploadAsync(BinaryData.FromString(flaskConfig), overwrite: true);

        await using var restarted = await TestApp.StartAsync(prefix: prefix);
        var settings = await restarted.Services.GetConfigAsync();

        Assert.Equal("flask-era-secret", settings.ClientSecret);
        Assert.Equal("study", settings.User);
        // The Flask config's own microphone values are kept; the key it lacks gets the Flask server's default.
        Assert.False(settings.HideMicFiles);
        Assert.True(settings.PackMicFiles);
        Assert.True(settings.RenameMicFiles);
        var yaml = (await restarted.Containers.Config.GetBlobClient(ConfigStore.DocumentName).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal(ConfigDocument.CurrentVersion, ConfigDocument.Parse(yaml).Version);
        Assert.DoesNotContain("correct horse", yaml, StringComparison.Ordinal);
        Assert.Contains("study_site: Freiburg", yaml, StringComparison.Ordinal);
        restarted.Admin.DefaultRequestHeaders.Authorization = TestApp.BasicAuth("study", "correct horse");
        using var signedIn = await restarted.Admin.GetAsync("manage/api/devices");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Keys_the_app_does_not_know_survive_a_settings_change()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.Services.GetRequiredService<ConfigStore>();
        await store.GetAsync();
        var blob = app.Containers.Config.GetBlobClient(ConfigStore.DocumentName);
        var yaml = (await blob.DownloadContentAsync()).Value.Content.ToString();
        await blob.UploadAsync(BinaryData.FromString(yaml + "ethics_approval: EK-123/26\n"), overwrite: true);

        await store.UpdateAsync(s => s with { PackMicFiles = false });

        var updated = (await blob.DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("ethics_approval: EK-123/26", updated, StringComparison.Ordinal);
        Assert.Contains("pack_mic_files: false", updated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_password_setting_a_random_one_is_generated()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { [ConfigBootstrap.AdminPasswordSetting] = "" });
        var settings = await app.Services.GetConfigAsync();
        Assert.False(app.Services.GetRequiredService<PasswordHashing>().Verify(settings.PasswordHash, ""));
        Assert.False(app.Services.GetRequiredService<PasswordHashing>().Verify(settings.PasswordHash, app.AdminPassword));
    }
}
