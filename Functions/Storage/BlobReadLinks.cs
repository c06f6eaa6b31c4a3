using Azure.Storage.Blobs;
namespace RecordingFunctions.Storage;
public sealed class BlobReadLinks(BlobServiceClient service)
{
    public BlobServiceClient Service => service;
}
