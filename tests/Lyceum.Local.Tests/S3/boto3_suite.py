"""Every S3 operation Lyceum Local serves, through boto3 as a data scientist would use it.

usage: boto3_suite.py CREDENTIALS_JSON all|expired|other-bucket BUCKET
Prints one 'PASS name' line per check; exits 1 naming the first check that failed.
"""
import hashlib
import io
import json
import sys
import tempfile
import os
import urllib.request
import urllib.error

import boto3
import botocore.config
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

MIB = 1024 * 1024


def client(c):
    return boto3.client(
        "s3", endpoint_url=c["endpoint"], region_name=c["region"],
        aws_access_key_id=c["access_key_id"], aws_secret_access_key=c["secret_access_key"],
        aws_session_token=c["session_token"],
        config=botocore.config.Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                                      retries={"max_attempts": 1}))


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError("expected an error, the call succeeded")


def check(name, condition, detail=""):
    if not condition:
        print(f"FAIL {name} {detail}", flush=True)
        sys.exit(1)
    print(f"PASS {name}", flush=True)


def run_all(s3, bucket):
    check("list_buckets", [b["Name"] for b in s3.list_buckets()["Buckets"]] == [bucket])
    s3.head_bucket(Bucket=bucket)
    check("head_bucket", True)
    check("get_bucket_location", s3.get_bucket_location(Bucket=bucket).get("LocationConstraint") in (None, ""))

    body = b"written by boto3"
    put = s3.put_object(Bucket=bucket, Key="from-boto3.txt", Body=body)
    check("put_object etag is the md5", put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest(), put["ETag"])
    import base64
    wrong = base64.b64encode(hashlib.md5(b"something else").digest()).decode()
    check("put_object with a wrong Content-MD5 is BadDigest",
          error_code(lambda: s3.put_object(Bucket=bucket, Key="bad-md5.txt", Body=b"x", ContentMD5=wrong)) == "BadDigest")
    check("head_object", s3.head_object(Bucket=bucket, Key="from-boto3.txt")["ContentLength"] == len(body))
    check("get_object", s3.get_object(Bucket=bucket, Key="from-boto3.txt")["Body"].read() == body)
    s3.put_object(Bucket=bucket, Key="check-string.txt", Body=b"123456789")
    # (botocore without awscrt leaves a CRC-64/NVME it cannot check out of the parsed answer: the headers show it)
    checked = s3.head_object(Bucket=bucket, Key="check-string.txt", ChecksumMode="ENABLED")["ResponseMetadata"]["HTTPHeaders"]
    # CRC-64/NVME of the catalogue's check string, as S3 writes it (8 bytes big-endian, base64)
    check("head_object with ChecksumMode answers the object's CRC-64/NVME",
          checked.get("x-amz-checksum-crc64nvme") == "rosUhgp5mIg=" and checked.get("x-amz-checksum-type") == "FULL_OBJECT", str(checked))
    check("head_object without ChecksumMode answers no checksum",
          "x-amz-checksum-crc64nvme" not in s3.head_object(Bucket=bucket, Key="check-string.txt")["ResponseMetadata"]["HTTPHeaders"])
    s3.delete_object(Bucket=bucket, Key="check-string.txt")
    check("get_object range", s3.get_object(Bucket=bucket, Key="from-boto3.txt", Range="bytes=0-6")["Body"].read() == b"written")
    check("get_object If-None-Match is 304",
          error_code(lambda: s3.get_object(Bucket=bucket, Key="from-boto3.txt", IfNoneMatch=put["ETag"])) == "304")
    check("get_object If-Match mismatch is 412",
          error_code(lambda: s3.get_object(Bucket=bucket, Key="from-boto3.txt", IfMatch='"0000"')) == "PreconditionFailed")
    check("get_object missing key is NoSuchKey", error_code(lambda: s3.get_object(Bucket=bucket, Key="none.txt")) == "NoSuchKey")
    check("a key /storage/upload refuses is refused",
          error_code(lambda: s3.put_object(Bucket=bucket, Key="a/../escape.txt", Body=b"x")) == "InvalidArgument")

    for key in ["p/a.txt", "p/b.txt", "p/sub/c.txt", "q.txt"]:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="p/", Delimiter="/")
    check("list_objects_v2 prefix and delimiter",
          [o["Key"] for o in listed["Contents"]] == ["p/a.txt", "p/b.txt"] and [p["Prefix"] for p in listed["CommonPrefixes"]] == ["p/sub/"])
    keys, token = [], None
    while True:
        kwargs = {"Bucket": bucket, "Prefix": "p/", "MaxKeys": 1}
        if token:
            kwargs["ContinuationToken"] = token
        page = s3.list_objects_v2(**kwargs)
        keys += [o["Key"] for o in page.get("Contents", [])]
        if not page["IsTruncated"]:
            break
        token = page["NextContinuationToken"]
    check("list_objects_v2 continuation", keys == ["p/a.txt", "p/b.txt", "p/sub/c.txt"], keys)
    after = s3.list_objects_v2(Bucket=bucket, Prefix="p/", StartAfter="p/b.txt")
    check("list_objects_v2 start-after", [o["Key"] for o in after["Contents"]] == ["p/sub/c.txt"])
    paginated = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}) for o in page.get("Contents", [])]
    check("list_objects_v2 paginator", paginated == sorted(paginated) and "q.txt" in paginated and len(paginated) == 5, paginated)
    check("list_objects v1", [o["Key"] for o in s3.list_objects(Bucket=bucket, Prefix="p/", Marker="p/a.txt")["Contents"]] == ["p/b.txt", "p/sub/c.txt"])

    s3.copy_object(Bucket=bucket, Key="copied.txt", CopySource={"Bucket": bucket, "Key": "q.txt"})
    check("copy_object", s3.get_object(Bucket=bucket, Key="copied.txt")["Body"].read() == b"q.txt")
    s3.delete_object(Bucket=bucket, Key="copied.txt")
    check("delete_object", error_code(lambda: s3.head_object(Bucket=bucket, Key="copied.txt")) == "404")
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in ["p/a.txt", "p/b.txt", "p/sub/c.txt", "q.txt"]]})
    check("delete_objects", len(deleted["Deleted"]) == 4 and "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="p/"))

    part1, part2 = os.urandom(5 * MIB), os.urandom(1000)
    mp = s3.create_multipart_upload(Bucket=bucket, Key="multi/part.bin")
    uid = mp["UploadId"]
    e1 = s3.upload_part(Bucket=bucket, Key="multi/part.bin", UploadId=uid, PartNumber=1, Body=part1)["ETag"]
    e2 = s3.upload_part(Bucket=bucket, Key="multi/part.bin", UploadId=uid, PartNumber=2, Body=part2)["ETag"]
    check("list_multipart_uploads", [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [uid])
    check("list_parts", [(p["PartNumber"], p["Size"]) for p in s3.list_parts(Bucket=bucket, Key="multi/part.bin", UploadId=uid)["Parts"]] == [(1, 5 * MIB), (2, 1000)])
    check("an unfinished upload is invisible", "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="multi/"))
    check("complete with parts out of order is InvalidPartOrder", error_code(lambda: s3.complete_multipart_upload(
        Bucket=bucket, Key="multi/part.bin", UploadId=uid,
        MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": e2}, {"PartNumber": 1, "ETag": e1}]})) == "InvalidPartOrder")
    done = s3.complete_multipart_upload(Bucket=bucket, Key="multi/part.bin", UploadId=uid,
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    expected = hashlib.md5(hashlib.md5(part1).digest() + hashlib.md5(part2).digest()).hexdigest() + "-2"
    check("complete_multipart_upload etag", done["ETag"] == '"%s"' % expected, done["ETag"])
    check("the completed object reads back", s3.get_object(Bucket=bucket, Key="multi/part.bin")["Body"].read() == part1 + part2)
    aborted = s3.create_multipart_upload(Bucket=bucket, Key="multi/aborted.bin")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="multi/aborted.bin", UploadId=aborted, PartNumber=1, Body=b"gone")
    s3.abort_multipart_upload(Bucket=bucket, Key="multi/aborted.bin", UploadId=aborted)
    check("abort_multipart_upload", "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
          and error_code(lambda: s3.head_object(Bucket=bucket, Key="multi/aborted.bin")) == "404")

    with tempfile.TemporaryDirectory() as folder:
        source, target = os.path.join(folder, "up.bin"), os.path.join(folder, "down.bin")
        data = os.urandom(17 * MIB + 3)
        with open(source, "wb") as f:
            f.write(data)
        transfer = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=4)
        s3.upload_file(source, bucket, "transfer/up.bin", Config=transfer)
        check("upload_file in parallel parts", s3.head_object(Bucket=bucket, Key="transfer/up.bin")["ETag"].endswith('-4"'))
        s3.download_file(bucket, "transfer/up.bin", target, Config=transfer)
        with open(target, "rb") as f:
            check("download_file in parallel ranges", f.read() == data)

    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "from-boto3.txt"}, ExpiresIn=300)
    check("presigned get with plain http", urllib.request.urlopen(url).read() == body)
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "presigned-put.txt"}, ExpiresIn=300)
    urllib.request.urlopen(urllib.request.Request(put_url, data=b"put through a url", method="PUT")).read()
    check("presigned put with plain http", s3.get_object(Bucket=bucket, Key="presigned-put.txt")["Body"].read() == b"put through a url")
    with open(os.environ["LYCEUM_S3_PRESIGNED_OUT"], "w") as f:
        f.write(url)


def main():
    with open(sys.argv[1]) as f:
        c = json.load(f)
    s3 = client(c)
    mode = sys.argv[2]
    if mode == "all":
        run_all(s3, c["bucket_name"])
    elif mode == "expired":
        check("expired credentials are ExpiredToken", error_code(lambda: s3.list_objects_v2(Bucket=c["bucket_name"])) == "ExpiredToken")
    elif mode == "other-bucket":
        other = sys.argv[3]
        check("another account's bucket is AccessDenied (read)", error_code(lambda: s3.list_objects_v2(Bucket=other)) == "AccessDenied")
        check("another account's bucket is AccessDenied (write)", error_code(lambda: s3.put_object(Bucket=other, Key="x.txt", Body=b"x")) == "AccessDenied")
    print("ALL PASSED", flush=True)


if __name__ == "__main__":
    main()
