namespace RecordingFunctions.Tests.Watch;

/// <summary>
/// The README's table of refused uploads under the development host: each is answered the status the table promises
/// with a JSON message, and leaves storage as it was. The cases share one app: each sets the same maximum upload size
/// and pairs its own watch, and the class holds no other test whose files could change the app's blobs meanwhile.
/// </summary>
public sealed class RefusedUploadTests(SharedTestApp shared) : IClassFixture<SharedTestApp>
{
    [Theory]
    [MemberData(nameof(RefusedUploads.Cases), MemberType = typeof(RefusedUploads))]
    public async Task A_refused_upload_is_a_4xx_with_a_json_message_and_changes_nothing(string refusal) =>
        await RefusedUploads.AssertRefusedAsync(shared.App, shared.App.AllBlobsAsync, refusal);
}
