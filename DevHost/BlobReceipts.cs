using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RecordingFunctions.Storage;

namespace RecordingFunctions.DevHost;

/// <summary>
/// Which version (ETag) of each recording blob the development host has delivered to the blob trigger, in the table
/// <c>DevHostBlobReceipts</c> beside the app's own. The Functions host keeps the same kind of receipts for its polling
/// trigger (blobs under <c>azure-webjobs-hosts/blobreceipts</c> in AzureWebJobsStorage).
/// </summary>
public sealed class BlobReceipts(StorageServiceClients clients, IOptions<StorageOptions> names)
{
    private const string Partition = "delivered";
    private const string BlobName = nameof(BlobName);
    private const string BlobETag = nameof(BlobETag);

    private readonly TableClient _table = clients.Tables.GetTableClient(names.Value.TableName("DevHostBlobReceipts"));
    private volatile bool _created;

    /// <summary>Every receipt: blob name to the ETag delivered, in header form.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var receipts = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var receipt in _table.QueryAsync<TableEntity>(select: [BlobName, BlobETag], cancellationToken: cancellationToken))
        {
            receipts[receipt.GetString(BlobName)] = receipt.GetString(BlobETag);
        }

        return receipts;
    }

    /// <summary>Records a delivery. A blind write: only this process writes receipts, and the newest delivery wins.</summary>
    public async Task WriteAsync(string blobName, string etag, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var receipt = new TableEntity(Partition, KeyOf(blobName)) { [BlobName] = blobName, [BlobETag] = etag };
        await _table.UpsertEntityAsync(receipt, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>A row key for any blob name: names may hold characters a key may not (<c>/</c>, <c>#</c>, <c>?</c>) and be longer than one.</summary>
    private static string KeyOf(string blobName) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)));

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
    }
}
