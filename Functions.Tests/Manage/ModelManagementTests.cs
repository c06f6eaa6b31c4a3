using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RecordingFunctions.Storage;
using RecordingFunctions.Tests.Infrastructure;

namespace RecordingFunctions.Tests.Manage;

/// <summary>Detection models in the management API: downloads, activation and deletion, and what it refuses.</summary>
public sealed class ModelManagementTests
{
    [Fact]
    public async Task A_model_and_its_settings_download_as_they_were_added()
    {
        await using var app = await TestApp.StartAsync();
        byte[] content = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 11))];
        await app.AddModelAsync("handwash", "tflite", content);

        using var file = await app.Admin.GetAsync("manage/api/models/handwash/file");
        using var settings = await app.Admin.GetAsync("manage/api/models/handwash/settings");

        Assert.Equal(content, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("handwash.tflite", file.Content.Headers.ContentDisposition!.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName);
        var sent = JsonDocument.Parse(AdminApi.DefaultModelSettings).RootElement;
        var served = await settings.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sent.GetProperty("frame_size").GetInt32(), served.GetProperty("frame_size").GetInt32());
        Assert.Equal([1, 4], served.GetProperty("required_sensors").EnumerateArray().Select(s => s.GetInt32()));
    }

    [Fact]
    public async Task The_active_model_cannot_be_deleted_while_other_models_exist()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("first", "tflite", [1, 2, 3]);
        await app.AddModelAsync("second", "ort", [4, 5, 6]);

        using var refused = await app.Admin.DeleteAsync("manage/api/models/second");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(2, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
        using (var served = await app.Http.GetAsync("tfmodel/get/latest"))
        {
            Assert.Equal(new byte[] { 4, 5, 6 }, await served.Content.ReadAsByteArrayAsync());
        }

        using var activated = await app.Admin.PostAsync("manage/api/models/first/activate", null);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        using var deleted = await app.Admin.DeleteAsync("manage/api/models/second");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var left = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Single();
        Assert.Equal("first", left.GetProperty("name").GetString());
        Assert.True(left.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_only_model_can_be_deleted_though_active_and_the_watches_then_get_none()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("only", "tflite", [1, 2, 3]);

        using var deleted = await app.Admin.DeleteAsync("manage/api/models/only");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
        Assert.Empty(await app.AllBlobsAsync());
        foreach (var path in new[] { "tfmodel/check/latest/", "tfmodel/get/latest/", "tfmodel/get/settings/" })
        {
            using var served = await app.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
        }

        // Nothing points at the deleted model any more: the next one added is the first again and becomes active.
        using var added = await app.Admin.PostAsync("manage/api/models", ModelForm("next.ort", [4, 5, 6], AdminApi.DefaultModelSettings));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        using var check = await app.Http.GetAsync("tfmodel/check/latest/");
        Assert.Equal("next.ort", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activeModel").GetString());
    }

    [Fact]
    public async Task Adding_a_model_again_under_another_ending_replaces_its_file()
    {
        await using var app = await TestApp.StartAsync();
        await app.AddModelAsync("handwash", "tflite", [1, 2, 3]);

        await app.AddModelAsync("handwash", "ort", [4, 5, 6]);

        var model = (await app.GetJsonAsync("manage/api/models")).EnumerateArray().Single();
        Assert.Equal("handwash.ort", model.GetProperty("fileName").GetString());
        var library = $"{app.Containers.Models.Name}/library/";
        Assert.Equal([library + "handwash.json", library + "handwash.ort"], (await app.AllBlobsAsync()).Order());
        using var served = await app.Http.GetAsync("tfmodel/get/latest");
        Assert.Equal(new byte[] { 4, 5, 6 }, await served.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST", "manage/api/models/missing/activate")]
    [InlineData("DELETE", "manage/api/models/missing")]
    [InlineData("GET", "manage/api/models/missing/file")]
    [InlineData("GET", "manage/api/models/missing/settings")]
    public async Task An_unknown_model_is_a_json_404(string method, string path)
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertJsonErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not multipart", "multipart/form-data")]
    [InlineData("no model part", "'model'")]
    [InlineData("no settings part", "'settings' is missing")]
    [InlineData("a name with a dot", "NAME.tflite")]
    [InlineData("an ending watches cannot run", "NAME.tflite")]
    [InlineData("settings that are not JSON", "not JSON")]
    [InlineData("settings without frame_size", "'frame_size'")]
    [InlineData("settings without sensors", "'required_sensors'")]
    [InlineData("a model over the maximum size", "maximum upload size")]
    [InlineData("settings that are a list", "a JSON object")]
    [InlineData("a mean threshold in words", "'mean_threshold'")]
    [InlineData("a fractional kernel size", "'mean_kernel_size'")]
    [InlineData(MalformedMultipart.NoColon, "headers are malformed")]
    [InlineData(MalformedMultipart.TooManyHeaders, "headers are malformed")]
    public async Task A_refused_model_is_a_json_error_naming_the_problem_and_stores_nothing(string refusal, string named)
    {
        await using var app = await TestApp.StartAsync();
        await app.Services.GetRequiredService<ConfigStore>().UpdateAsync(s => s with { MaxUploadBytes = 1024 });
        const string settings = AdminApi.DefaultModelSettings;

        HttpContent body = refusal switch
        {
            "not multipart" => new StringContent(settings, Encoding.UTF8, "application/json"),
            "no model part" => ModelForm(null, null, settings),
            "no settings part" => ModelForm("handwash.tflite", [1, 2, 3], null),
            "a name with a dot" => ModelForm("hand.wash.tflite", [1, 2, 3], settings),
            "an ending watches cannot run" => ModelForm("handwash.onnx", [1, 2, 3], settings),
            "settings that are not JSON" => ModelForm("handwash.tflite", [1, 2, 3], "frame_size: 150"),
            "settings without frame_size" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("\"frame_size\": 150, ", "", StringComparison.Ordinal)),
            "settings without sensors" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("[1, 4]", "[]", StringComparison.Ordinal)),
            "a model over the maximum size" => ModelForm("handwash.tflite", new byte[1025], settings),
            "settings that are a list" => ModelForm("handwash.tflite", [1, 2, 3], "[150, 10, 3]"),
            "a mean threshold in words" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("0.75", "\"high\"", StringComparison.Ordinal)),
            MalformedMultipart.NoColon or MalformedMultipart.TooManyHeaders => MalformedMultipart.Body(refusal, "model"),
            "a fractional kernel size" => ModelForm("handwash.tflite", [1, 2, 3], settings.Replace("\"mean_kernel_size\": 20", "\"mean_kernel_size\": 2.5", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
        };
        using var response = await app.Admin.PostAsync("manage/api/models", body);

        Assert.Contains(named, await response.AssertJsonErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty(await app.AllBlobsAsync());
        Assert.Equal(0, (await app.GetJsonAsync("manage/api/models")).GetArrayLength());
    }

    private static MultipartFormDataContent ModelForm(string? fileName, byte[]? model, string? settings)
    {
        var form = new MultipartFormDataContent();
        if (model is not null)
        {
            var part = new ByteArrayContent(model);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "model", fileName!);
        }

        if (settings is not null)
        {
            form.Add(new StringContent(settings, Encoding.UTF8, "application/json"), "settings");
        }

        return form;
    }
}
