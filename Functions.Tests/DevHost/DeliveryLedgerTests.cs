using RecordingFunctions.DevHost;

namespace RecordingFunctions.Tests.DevHost;

/// <summary>The blob trigger's bookkeeping: what a scan or an upload queues, and how long a failing blob is left alone.</summary>
public sealed class DeliveryLedgerTests
{
    private const string Blob = "0d4c7b8e-3f7a-4d53-9a40-2f3c1b6e5a17/battery_0.csv";
    private static readonly TimeSpan Start = TimeSpan.FromHours(1);

    private static readonly BlobTriggerOptions Options = new()
    {
        FirstRetryDelay = TimeSpan.FromSeconds(2),
        MaxRetryDelay = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void A_version_without_a_receipt_is_queued_once_and_not_again_while_it_is_being_delivered()
    {
        var ledger = new DeliveryLedger(Options);

        Assert.True(ledger.QueueFound(Blob, "\"v1\"", Start));
        Assert.False(ledger.QueueFound(Blob, "\"v1\"", Start + TimeSpan.FromSeconds(10)));
        Assert.False(ledger.QueueNewVersion(Blob));
    }

    [Fact]
    public void A_delivered_version_is_not_queued_again_but_a_new_version_is()
    {
        var ledger = new DeliveryLedger(Options);
        ledger.QueueFound(Blob, "\"v1\"", Start);
        ledger.Delivered(Blob, "\"v1\"");
        Assert.False(ledger.Finished(Blob));

        Assert.True(ledger.IsDelivered(Blob, "\"v1\""));
        Assert.False(ledger.QueueFound(Blob, "\"v1\"", Start));
        Assert.True(ledger.QueueFound(Blob, "\"v2\"", Start));
    }

    [Fact]
    public void Receipts_read_from_storage_keep_their_versions_from_being_delivered_again_after_a_restart()
    {
        var ledger = new DeliveryLedger(Options);

        ledger.RememberReceipts(new Dictionary<string, string> { [Blob] = "\"v1\"" });

        Assert.False(ledger.QueueFound(Blob, "\"v1\"", Start));
        Assert.True(ledger.QueueFound(Blob, "\"v2\"", Start));
    }

    [Fact]
    public void Receipts_read_late_do_not_undo_a_delivery_made_since()
    {
        var ledger = new DeliveryLedger(Options);
        ledger.Delivered(Blob, "\"v2\"");

        ledger.RememberReceipts(new Dictionary<string, string> { [Blob] = "\"v1\"" });

        Assert.True(ledger.IsDelivered(Blob, "\"v2\""));
    }

    [Fact]
    public void A_blob_whose_delivery_failed_is_left_alone_by_scans_until_its_back_off_has_passed()
    {
        var ledger = new DeliveryLedger(Options);
        ledger.QueueFound(Blob, "\"v1\"", Start);

        var (failures, delay) = ledger.Failed(Blob, Start);
        ledger.Finished(Blob);

        Assert.Equal((1, TimeSpan.FromSeconds(2)), (failures, delay));
        Assert.False(ledger.QueueFound(Blob, "\"v1\"", Start + TimeSpan.FromSeconds(1.9)));
        Assert.True(ledger.QueueFound(Blob, "\"v1\"", Start + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void The_back_off_doubles_with_every_failure_in_a_row_up_to_the_limit_and_starts_over_after_a_delivery()
    {
        var ledger = new DeliveryLedger(Options);
        var delays = new List<TimeSpan>();
        var now = Start;
        for (var attempt = 0; attempt < 7; attempt++)
        {
            Assert.True(ledger.QueueFound(Blob, "\"v1\"", now));
            var (_, delay) = ledger.Failed(Blob, now);
            ledger.Finished(Blob);
            delays.Add(delay);
            now += delay;
        }

        Assert.Equal([2, 4, 8, 16, 30, 30, 30], delays.Select(d => d.TotalSeconds));

        ledger.QueueFound(Blob, "\"v1\"", now);
        ledger.Delivered(Blob, "\"v1\"");
        ledger.Finished(Blob);
        Assert.True(ledger.QueueFound(Blob, "\"v2\"", now));
        Assert.Equal((1, TimeSpan.FromSeconds(2)), ledger.Failed(Blob, now));
    }

    [Fact]
    public void An_upload_during_a_delivery_queues_the_blob_again_once_that_delivery_is_finished()
    {
        var ledger = new DeliveryLedger(Options);
        Assert.True(ledger.QueueNewVersion(Blob));

        Assert.False(ledger.QueueNewVersion(Blob));
        ledger.Delivered(Blob, "\"v1\"");

        Assert.True(ledger.Finished(Blob));
        ledger.Delivered(Blob, "\"v2\"");
        Assert.False(ledger.Finished(Blob));
        Assert.True(ledger.QueueNewVersion(Blob));
    }

    [Fact]
    public void An_upload_while_the_blob_backs_off_is_delivered_at_once()
    {
        var ledger = new DeliveryLedger(Options);
        ledger.QueueFound(Blob, "\"v1\"", Start);
        ledger.Failed(Blob, Start);
        ledger.Finished(Blob);

        Assert.True(ledger.QueueNewVersion(Blob));
    }
}
