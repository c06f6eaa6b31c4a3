using Azure;

namespace RecordingFunctions.Tests.Hosting;

/// <summary>Which failures count as storage not answering (503 with a JSON message) and which stay errors.</summary>
public sealed class StorageOutageAnswerTests
{
    [Fact]
    public void No_connection_and_server_errors_after_the_retries_are_an_outage()
    {
        Assert.True(StorageOutage.Caused(new RequestFailedException("Connection refused (127.0.0.1:10000)")));
        Assert.True(StorageOutage.Caused(new RequestFailedException(503, "Server busy")));
        Assert.True(StorageOutage.Caused(new AggregateException(
            "Retry failed after 4 tries.", new RequestFailedException("Connection refused"), new RequestFailedException(500, "Internal error"))));
    }

    [Fact]
    public void What_storage_answered_about_the_request_is_not_an_outage()
    {
        Assert.False(StorageOutage.Caused(new RequestFailedException(404, "The specified blob does not exist.")));
        Assert.False(StorageOutage.Caused(new RequestFailedException(409, "Conflict")));
        Assert.False(StorageOutage.Caused(new AggregateException(new RequestFailedException("Connection refused"), new InvalidOperationException())));
        Assert.False(StorageOutage.Caused(new InvalidOperationException("a bug")));
    }
}
