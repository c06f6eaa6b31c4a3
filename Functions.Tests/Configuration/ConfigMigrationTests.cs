using System.Reflection;
using RecordingFunctions.Security;

namespace RecordingFunctions.Tests.Configuration;

/// <summary>Documents parsed and completed as the keys declare them; no app started.</summary>
public sealed class ConfigMigrationTests
{
    private const string FlaskConfig = """
        client_secret: flask-era-secret
        user: study
        user_pw: correct horse
        hide_mic_files: False
        pack_mic_files: yes
        allowed_endings: [CSV, .zip]
        study_site: Freiburg
        """;

    [Fact]
    public void A_Flask_config_keeps_its_values_and_unknown_keys_has_its_password_hashed_and_gets_each_missing_default()
    {
        var completed = ConfigMigration.Complete(ConfigDocument.Parse(FlaskConfig), new FirstStart("admin", "from-the-app-settings"));

        Assert.True(completed.NeedsWriting);
        Assert.Equal(1, completed.FromVersion);
        var settings = completed.Settings;
        Assert.Equal(("flask-era-secret", "study"), (settings.ClientSecret, settings.User));
        Assert.True(new PasswordHashing().Verify(settings.PasswordHash, "correct horse"));
        Assert.Equal((false, true, true), (settings.HideMicFiles, settings.RenameMicFiles, settings.PackMicFiles));
        Assert.Equal(["csv", "zip"], settings.AllowedEndings);
        Assert.Equal((100L * 1024 * 1024, 1440, 200, 50, 2), (settings.MaxUploadBytes, settings.PairingRequestLifetimeMinutes,
            settings.MaxPendingPairingRequests, settings.MaxPendingPairingRequestsPerSource, settings.SilentDays));
        Assert.Equal(["no data", "test", "exclude"], settings.SetTags);
        Assert.Equal(48, settings.PseudonymKey.Length);
        Assert.DoesNotContain(completed.Updated, key => key == ConfigKeys.ClientSecret || key == ConfigKeys.User || key == ConfigKeys.HideMicFiles);
        Assert.Contains(ConfigKeys.Password, completed.Updated);
        Assert.Contains(ConfigKeys.SilentDays, completed.Updated);

        var stored = completed.Document.ToYaml();
        Assert.DoesNotContain("correct horse", stored, StringComparison.Ordinal);
        Assert.Contains("study_site: Freiburg", stored, StringComparison.Ordinal);
        Assert.Equal(ConfigDocument.CurrentVersion, ConfigDocument.Parse(stored).Version);
    }

    [Fact]
    public void A_migrated_document_needs_no_more_and_makes_no_first_start_values()
    {
        var migrated = ConfigMigration.Complete(ConfigDocument.Parse(FlaskConfig), new FirstStart("admin", null)).Document.ToYaml();
        var firstStart = new FirstStart("someone-else", null);

        var again = ConfigMigration.Complete(ConfigDocument.Parse(migrated), firstStart);

        Assert.False(again.NeedsWriting);
        Assert.Empty(again.Updated);
        Assert.Equal("study", again.Settings.User);
        Assert.Null(firstStart.GeneratedPassword);
    }

    [Fact]
    public void A_new_document_takes_the_admin_from_the_app_settings_or_makes_up_a_password_to_show_once()
    {
        var given = ConfigMigration.Complete(ConfigDocument.Empty(), new FirstStart(" study ", "given-password")).Settings;
        var firstStart = new FirstStart(null, "");
        var madeUp = ConfigMigration.Complete(ConfigDocument.Empty(), firstStart).Settings;

        Assert.Equal("study", given.User);
        Assert.True(new PasswordHashing().Verify(given.PasswordHash, "given-password"));
        Assert.Equal(FirstStart.DefaultAdminUser, madeUp.User);
        Assert.NotNull(firstStart.GeneratedPassword);
        Assert.True(new PasswordHashing().Verify(madeUp.PasswordHash, firstStart.GeneratedPassword));
        Assert.NotEqual(given.ClientSecret, madeUp.ClientSecret);
        Assert.Equal(48, madeUp.ClientSecret.Length);
    }

    [Theory]
    [InlineData("", "the document is empty")]
    [InlineData("a sentence instead of settings", "not a mapping")]
    [InlineData("user: [unclosed\n  : :", "not valid YAML")]
    [InlineData("hide_mic_files: maybe\n", "'hide_mic_files' must be true or false, not 'maybe'")]
    [InlineData("max_upload_bytes: -5\n", "'max_upload_bytes' must be a positive whole number, not '-5'")]
    [InlineData("allowed_endings: csv\n", "'allowed_endings' must be a list of file endings")]
    [InlineData("user: [a, b]\n", "'user' must be a single value")]
    [InlineData("participant_silent_days: 0\n", "'participant_silent_days' must be a positive whole number, not '0'")]
    [InlineData("max_pending_pairing_requests: 3000000000\n", "'max_pending_pairing_requests' is too large")]
    [InlineData("allowed_endings: [csv, '']\n", "'allowed_endings' must be a list of file endings")]
    [InlineData("set_tags: test\n", "'set_tags' must be a list of tags")]
    [InlineData("excluding_set_tags: ['  ']\n", "'excluding_set_tags' must be a list of tags of 1 to 40 characters")]
    [InlineData("client_secret: [a, b]\n", "'client_secret' must be a single value")]
    [InlineData("version: two\n", "'version' must be a positive whole number")]
    public void A_document_holding_a_key_of_the_wrong_type_does_not_parse_and_says_which(string yaml, string problem)
    {
        var refused = Assert.Throws<ConfigFormatException>(() => ConfigDocument.Parse(yaml));
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_left_empty_counts_as_missing_and_gets_the_default()
    {
        var settings = ConfigMigration.Complete(ConfigDocument.Parse("hide_mic_files: ~\nparticipant_silent_days:\n"), new FirstStart(null, "pw")).Settings;

        Assert.True(settings.HideMicFiles);
        Assert.Equal(2, settings.SilentDays);
    }

    [Fact]
    public void Every_declared_key_is_listed_once_under_its_own_names()
    {
        var declared = typeof(ConfigKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType.IsAssignableTo(typeof(SettingKey)))
            .Select(field => (SettingKey)field.GetValue(null)!);

        Assert.Equal(declared.ToHashSet(), ConfigKeys.All.ToHashSet());
        Assert.Equal(ConfigKeys.All.Count, ConfigKeys.All.Select(key => key.YamlName).Distinct().Count());
        Assert.Equal(ConfigKeys.All.Count, ConfigKeys.All.Select(key => key.Name).Distinct().Count());
        Assert.All(ConfigKeys.All.Where(key => key.Editable), key => Assert.False(string.IsNullOrEmpty(key.ApiName) || key.Label.Length == 0 || key.Secret, key.YamlName));
    }
}
