<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>CompareCell</name>
    <message>
        <source>Mark as the winner (stars the image)</source>
        <translation>승자로 표시 (이미지에 별표)</translation>
    </message>
    <message>
        <source>not charged yet</source>
        <translation>아직 청구되지 않음</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>보고되지 않음</translation>
    </message>
    <message>
        <source>{seconds} s to the result</source>
        <translation>결과까지 {seconds}초</translation>
    </message>
    <message>
        <source>(not the {ratio} asked for)</source>
        <translation>(요청한 {ratio} 아님)</translation>
    </message>
    <message>
        <source>(not the {format} asked for)</source>
        <translation>(요청한 {format} 아님)</translation>
    </message>
</context>
<context>
    <name>CompareController</name>
    <message>
        <source>Compare…</source>
        <translation>비교…</translation>
    </message>
    <message>
        <source>Comparisons…</source>
        <translation>비교 목록…</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>비교(&amp;C)</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare providers</source>
        <translation>공급자 비교</translation>
    </message>
    <message>
        <source>One prompt for every target</source>
        <translation>모든 대상에 같은 프롬프트</translation>
    </message>
    <message>
        <source>Each model&apos;s default</source>
        <translation>각 모델의 기본값</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>대상</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>비율</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>해상도</translation>
    </message>
    <message>
        <source>References</source>
        <translation>참조 이미지</translation>
    </message>
    <message numerus="yes">
        <source>%n reference(s) from the composer</source>
        <translation>
            <numerusform>작성기의 참조 이미지 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick two or more targets.</source>
        <translation>대상을 두 개 이상 선택하세요.</translation>
    </message>
    <message>
        <source>{target}: {note}</source>
        <translation>{target}: {note}</translation>
    </message>
    <message>
        <source>Write the prompt to compare with.</source>
        <translation>비교할 프롬프트를 입력하세요.</translation>
    </message>
    <message>
        <source>Every target can take this.</source>
        <translation>모든 대상이 이 요청을 받을 수 있습니다.</translation>
    </message>
    <message>
        <source>Estimated total: {total}</source>
        <translation>예상 합계: {total}</translation>
    </message>
    <message>
        <source>(billed by the provider: {targets})</source>
        <translation>(공급자가 청구: {targets})</translation>
    </message>
</context>
<context>
    <name>CompareHistory</name>
    <message>
        <source>Comparisons</source>
        <translation>비교 목록</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Comparison</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Another prompt for the same targets</source>
        <translation>같은 대상에 보낼 다른 프롬프트</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>다시 실행</translation>
    </message>
    <message numerus="yes">
        <source>Comparison: %n target(s)</source>
        <translation>
            <numerusform>비교: 대상 %n개</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Settings</source>
        <extracomment>The user&apos;s bucket for local references (Settings → References), if set up.</extracomment>
        <translation>설정</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>추가 옵션</translation>
    </message>
    <message>
        <source>Checking the reference images…</source>
        <translation>참조 이미지를 확인하는 중…</translation>
    </message>
    <message>
        <source>Add your {provider} API key in Settings (Ctrl+,) to generate.</source>
        <translation>생성하려면 설정(Ctrl+,)에서 {provider} API 키를 추가하세요.</translation>
    </message>
    <message>
        <source>Estimated cost: {cost}</source>
        <translation>예상 비용: {cost}</translation>
    </message>
    <message>
        <source>Estimated cost: billed by the provider</source>
        <translation>예상 비용: 공급자가 청구</translation>
    </message>
    <message>
        <source>Balance: {balance}</source>
        <translation>잔액: {balance}</translation>
    </message>
    <message>
        <source>Balance: {balance}, less than this job&apos;s estimate</source>
        <translation>잔액: {balance}, 이 작업의 예상 비용보다 적음</translation>
    </message>
    <message>
        <source>Size: chosen by the model</source>
        <translation>크기: 모델이 선택</translation>
    </message>
    <message>
        <source>Size: {size} pixels</source>
        <translation>크기: {size} 픽셀</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Demo: images are placeholders — add an API key to generate for real</source>
        <translation>데모: 이미지는 자리표시자입니다. 실제로 생성하려면 API 키를 추가하세요</translation>
    </message>
    <message>
        <source>Add API key…</source>
        <translation>API 키 추가…</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Select an image to see it here.</source>
        <translation>이미지를 선택하면 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>This image cannot be read.</source>
        <translation>이 이미지를 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>유효함</translation>
    </message>
    <message>
        <source>invalid: changed after signing, or a bad signature</source>
        <translation>유효하지 않음: 서명 후 변경되었거나 서명이 잘못되었습니다</translation>
    </message>
    <message>
        <source>present (not checked: c2pa-python is not installed)</source>
        <translation>있음 (확인 안 됨: c2pa-python이 설치되어 있지 않습니다)</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>공급자</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>화면 비율</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>해상도</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>파일 형식</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지 수</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>References</source>
        <translation>참조 이미지</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>비용</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Content Credentials</source>
        <translation>콘텐츠 자격 증명</translation>
    </message>
</context>
<context>
    <name>DoneNotice</name>
    <message numerus="yes">
        <source>%n image(s) ready</source>
        <translation>
            <numerusform>이미지 %n개 완료</numerusform>
        </translation>
    </message>
    <message>
        <source>A job could not be finished.</source>
        <translation>작업을 완료하지 못했습니다.</translation>
    </message>
    <message>
        <source>Image Studio</source>
        <translation>Image Studio</translation>
    </message>
</context>
<context>
    <name>ExtrasForm</name>
    <message>
        <source>(provider default)</source>
        <extracomment>Preselected where the model takes it: two live previews while the image streams in.</extracomment>
        <translation>(공급자 기본값)</translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <source>Delivered {got}; asked for {asked}.</source>
        <extracomment>True when the delivered picture is not the size or format asked for (once known). The `LivePreview` of a transient cell (a streamed job&apos;s partial image), None on results. Show only starred images (the search row&apos;s star filter). Each entry&apos;s sort key, by (job id, image index) and by path. Keys are unique and do not move when rows do, so a row is found by bisecting `_keys`: a map of rows had to be rebuilt after every insertion, O(rows) for each thumbnail that arrived while jobs were finishing (bench/README.md, UI responsiveness). Whether each file shown is not what was asked (known once its thumbnail is read). Streamed jobs under way with a preview, newest first, shown in the first rows.</extracomment>
        <translation>받은 것: {got}, 요청한 것: {asked}.</translation>
    </message>
</context>
<context>
    <name>GalleryPanel</name>
    <message>
        <source>Gallery</source>
        <translation>갤러리</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>기록 검색</translation>
    </message>
    <message>
        <source>No images match &quot;{text}&quot;.</source>
        <translation>“{text}”와(과) 일치하는 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>No images from this period.</source>
        <translation>이 기간에 생성한 이미지가 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>이미지 %n개</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <source>Your images appear here.
Write a prompt and press Generate.</source>
        <translation>생성한 이미지가 여기에 표시됩니다.
프롬프트를 입력하고 [생성]을 누르세요.</translation>
    </message>
</context>
<context>
    <name>GenerateBar</name>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>생성 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Set up reference hosting…</source>
        <translation>참조 이미지 호스팅 설정…</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <source>Image</source>
        <extracomment>Larger images are decoded scaled to this edge (and the decoder&apos;s allocation limit applies). The image centre&apos;s distance from the canvas centre, in logical pixels.</extracomment>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Previous image (Left)</source>
        <translation>이전 이미지 (왼쪽 화살표)</translation>
    </message>
    <message>
        <source>Next image (Right)</source>
        <translation>다음 이미지 (오른쪽 화살표)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>창에 맞춤</translation>
    </message>
    <message>
        <source>Fit to window (F)</source>
        <translation>창에 맞춤 (F)</translation>
    </message>
    <message>
        <source>Actual size (1)</source>
        <translation>실제 크기 (1)</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>전체 화면</translation>
    </message>
    <message>
        <source>Full screen (F11)</source>
        <translation>전체 화면 (F11)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>This image cannot be read.</source>
        <translation>이 이미지를 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>{name} — {width} × {height} — {zoom} %</source>
        <translation>{name} — {width} × {height} — {zoom} %</translation>
    </message>
</context>
<context>
    <name>JournalRefused</name>
    <message>
        <source>The job journal was written by a newer version of Image Studio. Update Image Studio to open it. The journal is left as it is.</source>
        <extracomment>The process&apos;s exit code, as the command line&apos;s for local storage (`studio.cli.output`). What opening the journal raises when it cannot be used: a refused schema, SQLite&apos;s errors, and the OSError of a folder or file that cannot be made (permissions, a read-only disk).</extracomment>
        <translation>작업 기록은 더 새로운 버전의 Image Studio가 작성했습니다. 열려면 Image Studio를 업데이트하세요. 작업 기록은 그대로 둡니다.</translation>
    </message>
    <message>
        <source>The job journal was written by a different (development) build of Image Studio and lacks parts this version needs. It is left as it is: move it aside to start a new journal, or open it with the build that wrote it.</source>
        <translation>작업 기록은 다른 (개발용) Image Studio 빌드가 작성했으며 이 버전에 필요한 부분이 없습니다. 그대로 둡니다. 새 작업 기록을 시작하려면 파일을 다른 곳으로 옮기거나, 작성한 빌드로 여세요.</translation>
    </message>
    <message>
        <source>Image Studio cannot open its job journal: {reason}. Free some disk space or check the folder&apos;s permissions, then start Image Studio again.</source>
        <translation>Image Studio가 작업 기록을 열 수 없습니다: {reason}. 디스크 공간을 확보하거나 폴더 권한을 확인한 다음 Image Studio를 다시 시작하세요.</translation>
    </message>
    <message>
        <source>Image Studio cannot start</source>
        <translation>Image Studio를 시작할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Image Studio</source>
        <translation>Image Studio</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <source>Save result as…</source>
        <translation>결과를 다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>이미지 열기…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>이미지(&amp;I)</translation>
    </message>
    <message>
        <source>Job started</source>
        <translation>작업을 시작했습니다</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n job(s)?</source>
        <translation>
            <numerusform>작업 %n개를 제거할까요?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) go to the trash.</source>
        <translation>
            <numerusform>이미지 %n개는 휴지통으로 이동합니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n image(s) to {folder}</source>
        <translation>
            <numerusform>이미지 %n개를 {folder}에 저장했습니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are still running. Quit anyway? They continue the next time you open {app}.</source>
        <translation>
            <numerusform>작업 %n개가 아직 실행 중입니다. 그래도 종료할까요? 다음에 {app}을(를) 열면 이어서 진행됩니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quit and lose %n image(s)</source>
        <translation>
            <numerusform>종료하고 이미지 %n개 잃기</numerusform>
        </translation>
    </message>
    <message>
        <source>{count} still running will be stopped.</source>
        <translation>실행 중인 {count}개는 중지됩니다.</translation>
    </message>
    <message>
        <source>Remove jobs</source>
        <translation>작업 제거</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Demo jobs ({count}) start again from the beginning.</source>
        <translation>데모 작업({count}개)은 처음부터 다시 시작합니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n paid image(s) could not be saved because the disk is full and are held only in memory. Quitting now loses them. Free some disk space and they are saved on their own.</source>
        <translation>
            <numerusform>디스크가 가득 차서 결제된 이미지 %n개를 저장하지 못했으며 메모리에만 남아 있습니다. 지금 종료하면 잃게 됩니다. 디스크 공간을 확보하면 자동으로 저장됩니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit Image Studio</source>
        <translation>Image Studio 종료</translation>
    </message>
</context>
<context>
    <name>MaskDialog</name>
    <message>
        <source>Paint a mask</source>
        <translation>마스크 그리기</translation>
    </message>
    <message>
        <source>Paint over what the model should change; the rest stays as it is.</source>
        <translation>모델이 바꿀 부분을 칠하세요. 나머지는 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>브러시</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>지우개</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>반전</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Size {width}x{height}</source>
        <translation>크기 {width}x{height}</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>브러시 크기</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>경도</translation>
    </message>
    <message>
        <source>Paint where the model should edit.</source>
        <translation>모델이 편집할 곳을 칠하세요.</translation>
    </message>
</context>
<context>
    <name>MaskRow</name>
    <message>
        <source>Paint mask…</source>
        <extracomment>A reused job&apos;s mask, waiting for its first reference to be back in the composer.</extracomment>
        <translation>마스크 그리기…</translation>
    </message>
    <message>
        <source>Remove mask</source>
        <translation>마스크 제거</translation>
    </message>
    <message>
        <source>Add a picture from this computer as the first reference.</source>
        <translation>이 컴퓨터의 이미지를 첫 번째 참조로 추가하세요.</translation>
    </message>
    <message>
        <source>Mask: painted on the first reference</source>
        <translation>마스크: 첫 번째 참조에 그림</translation>
    </message>
    <message>
        <source>No mask</source>
        <translation>마스크 없음</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Details are in the log: {path}</source>
        <translation>자세한 내용은 로그에 있습니다: {path}</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <source>Aspect ratio</source>
        <translation>화면 비율</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>해상도</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>파일 형식</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>공급자</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>이미지 수</translation>
    </message>
    <message>
        <source>From ratio and resolution</source>
        <translation>비율과 해상도에 따름</translation>
    </message>
    <message>
        <source>Provider default</source>
        <translation>공급자 기본값</translation>
    </message>
</context>
<context>
    <name>PromptEditor</name>
    <message>
        <source>Describe the image… (Ctrl+Enter generates, Ctrl+Up/Down recalls)</source>
        <translation>이미지를 설명하세요… (Ctrl+Enter: 생성, Ctrl+↑/↓: 이전 프롬프트)</translation>
    </message>
    <message>
        <source>{count} / {limit}</source>
        <translation>{count} / {limit}</translation>
    </message>
    <message>
        <source>{over} characters over the model&apos;s limit</source>
        <translation>모델 한도보다 {over}자 초과</translation>
    </message>
    <message>
        <source>Characters used of the model&apos;s limit</source>
        <translation>모델 한도 중 사용한 글자 수</translation>
    </message>
</context>
<context>
    <name>ProviderPage</name>
    <message>
        <source>Paste your API key</source>
        <translation>API 키를 붙여 넣으세요</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>기본 URL</translation>
    </message>
    <message>
        <source>Concurrent jobs</source>
        <translation>동시 작업 수</translation>
    </message>
    <message>
        <source>{variable} is set in the environment; it is used instead of the key stored here.</source>
        <translation>환경 변수 {variable}이(가) 설정되어 있어 여기에 저장된 키 대신 사용됩니다.</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Job</source>
        <extracomment>job id -&gt; row, rebuilt after rows move: every engine event looks its job up. Ids of the jobs not yet final, kept up to date with each change: the queue&apos;s summary and buttons ask after every event, and counting the list each time made a burst of submissions quadratic (bench/RESULTS.md, UI responsiveness). Live previews of streamed creates, drawn beside the job (never saved).</extracomment>
        <translation>작업</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>경과 시간</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>비용</translation>
    </message>
    <message>
        <source>preview {number} of {total}</source>
        <translation>미리 보기 {number}/{total}</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>완료된 작업 지우기</translation>
    </message>
    <message>
        <source>Take finished jobs off this list; their images stay in the gallery.</source>
        <translation>완료된 작업을 이 목록에서 지웁니다. 이미지는 갤러리에 그대로 남습니다.</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>대기열</translation>
    </message>
    <message>
        <source>{active} active, {total} in list</source>
        <translation>진행 중 {active}개, 전체 {total}개</translation>
    </message>
</context>
<context>
    <name>ReferenceTile</name>
    <message>
        <source>link</source>
        <translation>링크</translation>
    </message>
    <message>
        <source>Remove this reference</source>
        <translation>이 참조 이미지 제거</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>앞으로 이동</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>뒤로 이동</translation>
    </message>
</context>
<context>
    <name>ReferenceZone</name>
    <message>
        <source>Drop images or links here, or paste (Ctrl+V)</source>
        <translation>이미지나 링크를 여기에 끌어다 놓거나 붙여 넣으세요(Ctrl+V)</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>파일 추가…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>References</source>
        <translation>참조 이미지</translation>
    </message>
    <message>
        <source>That is not an image or a link to one.</source>
        <translation>이미지나 이미지 링크가 아닙니다.</translation>
    </message>
    <message>
        <source>Choose reference images</source>
        <translation>참조 이미지 선택</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>ReferencesPage</name>
    <message>
        <source>JoyAI and GPTImage2.ai take reference pictures only as links. With a bucket of your own (AWS S3, Cloudflare R2, Backblaze B2, MinIO, Wasabi…), a local photo is uploaded there and sent as a link that expires; it is deleted when the job ends.</source>
        <translation>JoyAI와 GPTImage2.ai는 참조 이미지를 링크로만 받습니다. 내 버킷(AWS S3, Cloudflare R2, Backblaze B2, MinIO, Wasabi…)이 있으면 로컬 사진을 그곳에 올리고 만료되는 링크로 보내며, 작업이 끝나면 삭제합니다.</translation>
    </message>
    <message>
        <source>stored in the system keyring</source>
        <translation>시스템 키링에 저장됨</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>테스트</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>리전</translation>
    </message>
    <message>
        <source>Bucket and prefix</source>
        <translation>버킷과 접두사</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>액세스 키 ID</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>비밀 액세스 키</translation>
    </message>
    <message>
        <source>Links expire after</source>
        <translation>링크 만료 시간</translation>
    </message>
    <message>
        <source>AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in the environment; they are used instead of the key stored here.</source>
        <translation>환경에 AWS_ACCESS_KEY_ID와 AWS_SECRET_ACCESS_KEY가 설정되어 있어 여기 저장된 키 대신 사용됩니다.</translation>
    </message>
    <message>
        <source>Enter the endpoint and the bucket (s3://bucket/prefix).</source>
        <translation>엔드포인트와 버킷(s3://bucket/prefix)을 입력하세요.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>테스트 중…</translation>
    </message>
    <message>
        <source>Works: a test object was written, read back through a link and deleted.</source>
        <translation>정상입니다: 테스트 객체를 쓰고, 링크로 다시 읽고, 삭제했습니다.</translation>
    </message>
    <message>
        <source>The bucket refused the access key: check the key ID and the secret, and that the key may write to this bucket.</source>
        <translation>버킷이 액세스 키를 거부했습니다. 키 ID와 비밀 키, 그리고 이 키에 버킷 쓰기 권한이 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>The bucket was not found at this endpoint: check its name, the endpoint and the region.</source>
        <translation>이 엔드포인트에서 버킷을 찾을 수 없습니다. 이름, 엔드포인트, 리전을 확인하세요.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is too far off for the bucket to accept signed requests: set the clock right (automatic time).</source>
        <translation>이 컴퓨터의 시계가 너무 어긋나 버킷이 서명된 요청을 받지 않습니다. 시계를 맞추세요(자동 시간).</translation>
    </message>
    <message>
        <source>The endpoint cannot be reached: check the address and the network.</source>
        <translation>엔드포인트에 연결할 수 없습니다. 주소와 네트워크를 확인하세요.</translation>
    </message>
    <message>
        <source>The bucket accepted the object, but it could not be read back through its link.</source>
        <translation>버킷이 객체를 받았지만 링크로 다시 읽을 수 없었습니다.</translation>
    </message>
</context>
<context>
    <name>ResendGuard</name>
    <message numerus="yes">
        <source>The first attempt of %n job(s) may already have been charged: its outcome is unknown, or the provider took it before it ended. Retry sends a new paid request.</source>
        <translation>
            <numerusform>작업 %n개의 첫 시도에 이미 요금이 부과되었을 수 있습니다. 결과를 알 수 없거나, 끝나기 전에 공급자가 요청을 받았습니다. 다시 시도하면 새 유료 요청을 보냅니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>It costs {cost} again.</source>
        <translation>다시 {cost}이(가) 듭니다.</translation>
    </message>
    <message>
        <source>Pay again?</source>
        <translation>다시 결제할까요?</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>다시 보내기</translation>
    </message>
</context>
<context>
    <name>ResultDeletion</name>
    <message>
        <source>Undo delete</source>
        <translation>삭제 취소</translation>
    </message>
    <message>
        <source>Image deleted.</source>
        <translation>이미지를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Image restored</source>
        <translation>이미지를 복원했습니다</translation>
    </message>
</context>
<context>
    <name>ResultHandler</name>
    <message>
        <source>Select an image in the gallery to save it.</source>
        <extracomment>Shows a result in the viewer (the window hands in the gallery&apos;s). Opening files is delegated to the desktop; tests replace this.</extracomment>
        <translation>저장할 이미지를 갤러리에서 선택하세요.</translation>
    </message>
    <message>
        <source>Save image as</source>
        <translation>이미지를 다른 이름으로 저장</translation>
    </message>
    <message>
        <source>Export without metadata</source>
        <translation>메타데이터 없이 내보내기</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 이미지 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation>WebP 이미지 (*.webp)</translation>
    </message>
    <message>
        <source>Exported without metadata to {path}; its Content Credentials (C2PA) were removed too.</source>
        <translation>메타데이터 없이 {path}(으)로 내보냈습니다. 콘텐츠 자격 증명(C2PA)도 제거되었습니다.</translation>
    </message>
    <message>
        <source>Exported without metadata to {path}</source>
        <translation>메타데이터 없이 {path}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <source>Saved to {path}; converting it removed its Content Credentials (C2PA).</source>
        <translation>{path}에 저장했습니다. 변환하면서 콘텐츠 자격 증명(C2PA)이 제거되었습니다.</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>{path}에 저장했습니다</translation>
    </message>
    <message>
        <source>Image copied</source>
        <translation>이미지를 복사했습니다</translation>
    </message>
    <message>
        <source>Prompt copied</source>
        <translation>프롬프트를 복사했습니다</translation>
    </message>
    <message>
        <source>Unstarred</source>
        <translation>별표 해제됨</translation>
    </message>
    <message>
        <source>Starred</source>
        <translation>별표 표시됨</translation>
    </message>
</context>
<context>
    <name>ReuseBar</name>
    <message>
        <source>Reuse prompt and settings</source>
        <extracomment>Characters of the prompt shown in the offer. Dropped files looked at for a prompt, at most.</extracomment>
        <translation>프롬프트와 설정 재사용</translation>
    </message>
    <message>
        <source>Add as reference</source>
        <translation>참조 이미지로 추가</translation>
    </message>
</context>
<context>
    <name>ReuseController</name>
    <message>
        <source>Open image</source>
        <extracomment>Awaited before reuse is offered: which providers have keys must be known by then.</extracomment>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <source>{name} is not an image the studio can read.</source>
        <translation>{name}은(는) Image Studio에서 읽을 수 있는 이미지가 아닙니다.</translation>
    </message>
    <message>
        <source>This image carries no prompt or settings.</source>
        <translation>이 이미지에는 프롬프트나 설정이 없습니다.</translation>
    </message>
    <message>
        <source>This image carries no prompt or settings, only: {blocks}.</source>
        <translation>이 이미지에는 프롬프트나 설정이 없고 다음만 있습니다: {blocks}.</translation>
    </message>
    <message>
        <source>Prompt and settings from {app}: {provider}, {model}</source>
        <translation>{app}의 프롬프트와 설정: {provider}, {model}</translation>
    </message>
    <message>
        <source>Prompt from another tool: {tool}</source>
        <translation>다른 도구의 프롬프트: {tool}</translation>
    </message>
    <message>
        <source>Prompt from another tool</source>
        <translation>다른 도구의 프롬프트</translation>
    </message>
    <message>
        <source>Not used here: {settings}</source>
        <translation>여기서는 사용하지 않음: {settings}</translation>
    </message>
    <message>
        <source>{provider} is not available here: the prompt was reused with {current}.</source>
        <translation>{provider}은(는) 여기서 사용할 수 없어 {current}(으)로 프롬프트를 재사용했습니다.</translation>
    </message>
    <message>
        <source>There is no API key for {provider}: the prompt was reused with {current}.</source>
        <translation>{provider}의 API 키가 없어 {current}(으)로 프롬프트를 재사용했습니다.</translation>
    </message>
    <message>
        <source>{model} is not offered any more; {current} is selected.</source>
        <translation>{model}은(는) 더 이상 제공되지 않아 {current}을(를) 선택했습니다.</translation>
    </message>
    <message>
        <source>Prompt and settings reused.</source>
        <translation>프롬프트와 설정을 재사용했습니다.</translation>
    </message>
    <message numerus="yes">
        <source>The original also used %n reference image(s); add them again to repeat it.</source>
        <translation>
            <numerusform>원본에는 참조 이미지 %n장도 사용되었습니다. 똑같이 만들려면 다시 추가하세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>Prompt reused; the other tool&apos;s settings are not used here.</source>
        <translation>프롬프트를 재사용했습니다. 다른 도구의 설정은 여기서 사용하지 않습니다.</translation>
    </message>
    <message>
        <source>Aspect ratio {ratio} is the closest to its {width}×{height}.</source>
        <translation>화면 비율 {ratio}이(가) 원본의 {width}×{height}에 가장 가깝습니다.</translation>
    </message>
    <message>
        <source>Size {size} is the closest to its {width}×{height}.</source>
        <translation>크기 {size}이(가) 원본의 {width}×{height}에 가장 가깝습니다.</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search prompts, providers, models</source>
        <extracomment>Typing pauses shorter than this are one query. Only starred images.</extracomment>
        <translation>프롬프트, 공급자, 모델 검색</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>기록 검색</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>전체 기간</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>올해</translation>
    </message>
    <message>
        <source>Only starred images</source>
        <translation>별표한 이미지만</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <source>References</source>
        <translation>참조 이미지</translation>
    </message>
    <message>
        <source>No system keyring was found on this computer: keys are kept for this session only and must be entered again next time.</source>
        <translation>이 컴퓨터에서 시스템 키링을 찾을 수 없습니다. 키는 이번 세션에만 유지되므로 다음에 다시 입력해야 합니다.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Send local reference files inline where the provider only documents links</source>
        <translation>공급자가 링크만 지원하는 경우에도 로컬 참조 이미지를 직접 전송</translation>
    </message>
    <message>
        <source>Tell me when a long job finishes while I am in another window</source>
        <translation>다른 창에 있는 동안 오래 걸린 작업이 끝나면 알림</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>Takes effect after restarting Image Studio.</source>
        <translation>Image Studio를 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>라이브러리 폴더</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Choose the library folder</source>
        <translation>라이브러리 폴더 선택</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인하는 중…</translation>
    </message>
    <message>
        <source>Connected. Balance: {balance}</source>
        <translation>연결되었습니다. 잔액: {balance}</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>연결되었습니다.</translation>
    </message>
    <message>
        <source>The settings could not be saved: {error}</source>
        <translation>설정을 저장하지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>SpendChart</name>
    <message>
        <source>Nothing charged</source>
        <translation>청구된 금액 없음</translation>
    </message>
</context>
<context>
    <name>SpendDialog</name>
    <message>
        <source>Spend and budgets</source>
        <translation>지출 및 예산</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>공급자</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>이번 주</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>이번 달</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>잔액</translation>
    </message>
    <message>
        <source>Daily cap</source>
        <translation>일일 한도</translation>
    </message>
    <message>
        <source>Monthly cap</source>
        <translation>월 한도</translation>
    </message>
    <message>
        <source>Caps</source>
        <translation>한도</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>한도 없음</translation>
    </message>
    <message>
        <source>Save caps</source>
        <translation>한도 저장</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>하루당</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>한 달당</translation>
    </message>
    <message>
        <source>{balance} (seen {when})</source>
        <translation>{balance} ({when} 확인)</translation>
    </message>
    <message>
        <source>{spent} of {cap}</source>
        <translation>{cap} 중 {spent}</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <source>{provider}: charged per day, last 30 days ({unit})</source>
        <translation>{provider}: 일별 청구액, 최근 30일 ({unit})</translation>
    </message>
    <message>
        <source>in {unit}</source>
        <translation>{unit} 단위</translation>
    </message>
    <message>
        <source>“{text}” is not an amount.</source>
        <translation>“{text}”은(는) 금액이 아닙니다.</translation>
    </message>
    <message>
        <source>Caps saved.</source>
        <translation>한도를 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>StartingView</name>
    <message>
        <source>Starting…</source>
        <extracomment>Qt.AlignmentFlag.AlignCenter (AlignHCenter | AlignVCenter). Before the first paint nothing names the `Qt` namespace: PySide builds it, with every one of its enums, in ~25 ms of CPU, which the rooms pay for after the paint (bench/README.md, start-up).</extracomment>
        <translation>시작하는 중…</translation>
    </message>
</context>
<context>
    <name>ThumbnailDelegate</name>
    <message>
        <source>Cannot read
this image</source>
        <translation>이미지를
읽을 수 없음</translation>
    </message>
    <message>
        <source>preview {number} of {total}</source>
        <translation>미리 보기 {number}/{total}</translation>
    </message>
    <message>
        <source>≠ asked</source>
        <extracomment>The smallest grid cell: a thumbnail, its padding and a gap.</extracomment>
        <translation>≠ 요청</translation>
    </message>
</context>
<context>
    <name>WalletController</name>
    <message>
        <source>Spend and budgets…</source>
        <translation>지출 및 예산…</translation>
    </message>
    <message>
        <source>&amp;Wallet</source>
        <translation>지갑(&amp;W)</translation>
    </message>
    <message>
        <source>today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>this month</source>
        <translation>이번 달</translation>
    </message>
    <message>
        <source>{provider} {period}: {spent} of {cap} spent, this job ≈ {estimate}.</source>
        <translation>{provider} {period}: {cap} 중 {spent} 사용, 이 작업 ≈ {estimate}.</translation>
    </message>
    <message>
        <source>{amount} more is in flight.</source>
        <translation>{amount}이(가) 더 진행 중입니다.</translation>
    </message>
    <message>
        <source>Nothing was sent. Raise the daily cap to {cap} and send?</source>
        <translation>아무것도 보내지 않았습니다. 일일 한도를 {cap}(으)로 올리고 보낼까요?</translation>
    </message>
    <message>
        <source>Nothing was sent. Raise the monthly cap to {cap} and send?</source>
        <translation>아무것도 보내지 않았습니다. 월 한도를 {cap}(으)로 올리고 보낼까요?</translation>
    </message>
    <message>
        <source>Over budget</source>
        <translation>예산 초과</translation>
    </message>
    <message>
        <source>Raise cap and send</source>
        <translation>한도 올리고 보내기</translation>
    </message>
</context>
<context>
    <name>studio.bars</name>
    <message>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>studio.catalog</name>
    <message>
        <source>Text-to-image, or image editing when references are given.</source>
        <translation>텍스트-이미지 생성, 참조 이미지가 있으면 편집 모드.</translation>
    </message>
    <message>
        <source>Instruction-based editing of 1 to 3 reference images.</source>
        <translation>참조 이미지 1~3장으로 지시 기반 편집.</translation>
    </message>
    <message>
        <source>Text-to-image or image-to-image with reference URLs; 1 to 4 images per job.</source>
        <translation>텍스트-이미지 또는 참조 URL을 사용한 이미지-이미지 생성. 작업당 이미지 1~4장.</translation>
    </message>
    <message>
        <source>OpenAI-compatible GPT Image 2, billed per image by quality tier.</source>
        <translation>OpenAI 호환 GPT Image 2. 품질 등급에 따라 이미지당 요금이 청구됩니다.</translation>
    </message>
    <message>
        <source>OpenAI Images; results come back inline (b64_json).</source>
        <extracomment>Output tokens of one 1024x1024 image by quality (OpenAI&apos;s image generation guide); other sizes scale by area. &quot;auto&quot; is estimated as medium. Input tokens estimated per reference image (and mask) before sending.</extracomment>
        <translation>OpenAI Images. 결과는 응답에 바로 포함됩니다(b64_json).</translation>
    </message>
    <message>
        <source>Demo (offline)</source>
        <translation>데모(오프라인)</translation>
    </message>
</context>
<context>
    <name>studio.claims</name>
    <message>
        <source>Running in another Image Studio on this computer (process {pid})</source>
        <translation>이 컴퓨터의 다른 Image Studio에서 실행 중 (프로세스 {pid})</translation>
    </message>
    <message>
        <source>Claimed by {host}; not polled here</source>
        <translation>{host}에서 처리 중; 여기서는 확인하지 않음</translation>
    </message>
</context>
<context>
    <name>studio.extras</name>
    <message>
        <source>Style</source>
        <extracomment>pyside6-lupdate collects `translate(&quot;context&quot;, &quot;text&quot;)` calls; the context must be a literal.</extracomment>
        <translation>스타일</translation>
    </message>
    <message>
        <source>e.g. watercolor, photorealistic</source>
        <translation>예: 수채화, 사실적인 사진</translation>
    </message>
    <message>
        <source>Lighting</source>
        <translation>조명</translation>
    </message>
    <message>
        <source>e.g. golden hour, studio softbox</source>
        <translation>예: 골든 아워, 스튜디오 소프트박스</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <source>e.g. 35mm, wide angle, low angle</source>
        <translation>예: 35mm, 광각, 로우 앵글</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>네거티브 프롬프트</translation>
    </message>
    <message>
        <source>what to leave out</source>
        <translation>이미지에서 제외할 요소</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>배경</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation>콘텐츠 필터</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>압축률</translation>
    </message>
    <message>
        <source>0-100, JPEG/WebP only</source>
        <translation>0~100, JPEG/WebP만 해당</translation>
    </message>
    <message>
        <source>Input fidelity</source>
        <translation>입력 충실도</translation>
    </message>
    <message>
        <source>Live previews</source>
        <translation>실시간 미리 보기</translation>
    </message>
    <message>
        <source>End-user id</source>
        <translation>최종 사용자 ID</translation>
    </message>
    <message>
        <source>passed on for abuse monitoring</source>
        <translation>악용 감시를 위해 전달됨</translation>
    </message>
</context>
<context>
    <name>studio.messages</name>
    <message>
        <source>Add API key…</source>
        <extracomment>pyside6-lupdate collects `translate(&quot;context&quot;, &quot;text&quot;)` calls; the context must be a literal. The error kind behind it, so the message can go when its cause is gone. What the lower layers said, where the text already tells that fact (shown on hover).</extracomment>
        <translation>API 키 추가…</translation>
    </message>
    <message>
        <source>Retry after topping up</source>
        <translation>충전 후 다시 시도</translation>
    </message>
    <message>
        <source>Edit prompt</source>
        <translation>프롬프트 편집</translation>
    </message>
    <message>
        <source>Edit request</source>
        <translation>요청 편집</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation>설정 열기</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>the setting “Send local reference files inline” in Settings</source>
        <translation>설정의 ‘로컬 참조 이미지를 직접 전송’ 항목</translation>
    </message>
    <message>
        <source>Settings → References</source>
        <translation>설정 → 참조 이미지</translation>
    </message>
    <message>
        <source>the provider</source>
        <translation>공급자</translation>
    </message>
    <message>
        <source>{provider} did not accept the API key.</source>
        <translation>{provider}에서 API 키를 받아들이지 않았습니다.</translation>
    </message>
    <message>
        <source>This job needs the {provider} API key, which was kept for the last session only. Add the key in Settings: the job then continues and is not paid again.</source>
        <translation>이 작업에는 지난 세션에만 보관된 {provider} API 키가 필요합니다. 설정에서 키를 추가하세요. 작업이 이어서 진행되며 다시 결제되지 않습니다.</translation>
    </message>
    <message>
        <source>Your {provider} balance is too low for this job. Top up your credits, then retry.</source>
        <translation>{provider} 잔액이 이 작업에 부족합니다. 크레딧을 충전한 후 다시 시도하세요.</translation>
    </message>
    <message>
        <source>{provider} is busy (too many requests). The job waits and retries by itself.</source>
        <translation>{provider}이(가) 혼잡합니다(요청이 너무 많음). 작업은 기다렸다가 자동으로 다시 시도합니다.</translation>
    </message>
    <message>
        <source>{provider} is not reachable right now. Retry later.</source>
        <translation>지금은 {provider}에 연결할 수 없습니다. 나중에 다시 시도하세요.</translation>
    </message>
    <message>
        <source>{provider} is taking longer than expected. The job resumes next time; retry later if it does not.</source>
        <translation>{provider}의 응답이 예상보다 오래 걸립니다. 작업은 다음에 이어서 진행되며, 그렇지 않으면 나중에 다시 시도하세요.</translation>
    </message>
    <message>
        <source>It is unknown whether {provider} received the job (it may have been charged). Check your account before retrying.</source>
        <translation>{provider}이(가) 작업을 받았는지 알 수 없습니다(요금이 청구되었을 수 있음). 다시 시도하기 전에 계정을 확인하세요.</translation>
    </message>
    <message>
        <source>The result could not be saved. Check that the library folder exists and has free space.</source>
        <translation>결과를 저장하지 못했습니다. 라이브러리 폴더가 있는지, 여유 공간이 있는지 확인하세요.</translation>
    </message>
    <message>
        <source>The disk is full, so the result could not be saved. Free some space, then press Retry; the job is not paid again.</source>
        <translation>디스크가 가득 차서 결과를 저장하지 못했습니다. 공간을 확보한 후 [다시 시도]를 누르세요. 작업 요금은 다시 청구되지 않습니다.</translation>
    </message>
    <message>
        <source>{provider} returned a result that is not a usable image. Retry the job.</source>
        <translation>{provider}이(가) 사용할 수 없는 이미지를 반환했습니다. 작업을 다시 시도하세요.</translation>
    </message>
    <message>
        <source>{provider} could not make this image.</source>
        <translation>{provider}에서 이 이미지를 생성하지 못했습니다.</translation>
    </message>
    <message>
        <source>The request was refused.</source>
        <translation>요청이 거부되었습니다.</translation>
    </message>
    <message>
        <source>Something went wrong.</source>
        <translation>문제가 발생했습니다.</translation>
    </message>
    <message>
        <source>Add a valid key in Settings.</source>
        <translation>설정에서 유효한 키를 추가하세요.</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <extracomment>Causes that belong to the provider&apos;s account, not to one job: a working key or a job the provider took puts them right.</extracomment>
        <translation>문제가 발생했습니다: {detail}</translation>
    </message>
</context>
<context>
    <name>studio.queue</name>
    <message>
        <source>Waiting to start</source>
        <translation>시작 대기 중</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>전송 중</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>다운로드 중</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>결과 알 수 없음</translation>
    </message>
    <message>
        <source>Waiting: {reason}</source>
        <translation>대기 중: {reason}</translation>
    </message>
</context>
<context>
    <name>studio.references</name>
    <message>
        <source>Not used by this model</source>
        <translation>이 모델에서는 사용하지 않음</translation>
    </message>
    <message>
        <source>Optional, up to {high} images</source>
        <translation>선택, 최대 {high}장</translation>
    </message>
    <message>
        <source>{count} images</source>
        <translation>{count}장</translation>
    </message>
    <message>
        <source>{low}-{high} images</source>
        <translation>{low}~{high}장</translation>
    </message>
</context>
<context>
    <name>studio.results</name>
    <message>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Open in another app</source>
        <translation>다른 앱에서 열기</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Export without metadata…</source>
        <translation>메타데이터 없이 내보내기…</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>이미지 복사</translation>
    </message>
    <message>
        <source>Copy prompt</source>
        <translation>프롬프트 복사</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>폴더에서 보기</translation>
    </message>
    <message>
        <source>Use as reference</source>
        <translation>참조 이미지로 사용</translation>
    </message>
    <message>
        <source>Reuse prompt and settings</source>
        <translation>프롬프트와 설정 재사용</translation>
    </message>
    <message>
        <source>Star or unstar</source>
        <translation>별표 표시/해제</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>studio.sizing</name>
    <message>
        <source>{size} is above 2560x1440, which {model} offers as experimental.</source>
        <extracomment>The long edge of each resolution tier. gpt-image-2&apos;s limits for free sizes (reference/openai-openapi.yaml, CreateImageRequest.size). How far a computed size may be from the asked ratio. The value of the model&apos;s size field (a pixel size or &quot;auto&quot;), where it takes one. Sent as the ratio / resolution fields of providers that take them themselves. The pixel size that will be requested, where it is known before sending. Said before sending: a size other than the one asked for, or an experimental one.</extracomment>
        <translation>{size}는 2560x1440보다 커서 {model}에서는 실험적 기능입니다.</translation>
    </message>
    <message>
        <source>{model} has no {ratio} {tier} size; closest supported: {size}, {shape}.</source>
        <translation>{model}에는 {ratio} {tier} 크기가 없습니다. 가장 가까운 지원 크기: {size}, {shape}.</translation>
    </message>
</context>
<context>
    <name>studio.validation</name>
    <message>
        <source>The address {url} is not encrypted. Use https:// (plain http:// is only allowed for this computer, such as 127.0.0.1).</source>
        <translation>{url} 주소는 암호화되지 않았습니다. https://를 사용하세요(암호화되지 않은 http://는 127.0.0.1처럼 이 컴퓨터를 가리킬 때만 허용됩니다).</translation>
    </message>
    <message>
        <source>{url} is not a web address (it must start with https://).</source>
        <translation>{url}은(는) 웹 주소가 아닙니다(https://로 시작해야 합니다).</translation>
    </message>
    <message>
        <source>The reference {url} cannot be used: only https:// links to images are accepted.</source>
        <translation>참조 이미지 {url}을(를) 사용할 수 없습니다. 이미지로 연결되는 https:// 링크만 허용됩니다.</translation>
    </message>
    <message>
        <source>Unknown provider {name}.</source>
        <translation>알 수 없는 공급자 {name}입니다.</translation>
    </message>
    <message>
        <source>{provider} has no model called {model}. Choose one of: {names}.</source>
        <translation>{provider}에는 {model} 모델이 없습니다. 다음 중에서 선택하세요: {names}.</translation>
    </message>
    <message>
        <source>Write a prompt first: it is empty.</source>
        <translation>프롬프트가 비어 있습니다. 먼저 프롬프트를 입력하세요.</translation>
    </message>
    <message>
        <source>The prompt is {length} characters long; {model} accepts at most {limit}. Shorten it by {over}.</source>
        <translation>프롬프트가 {length}자입니다. {model}은(는) 최대 {limit}자까지 허용합니다. {over}자를 줄이세요.</translation>
    </message>
    <message>
        <source>{model} has no {name} setting; leave it out.</source>
        <translation>{model}에는 {name} 설정이 없습니다. 지정하지 마세요.</translation>
    </message>
    <message>
        <source>{model} does not offer {name} {value}. Choose one of: {allowed}.</source>
        <translation>{model}은(는) {name} {value}을(를) 지원하지 않습니다. 다음 중에서 선택하세요: {allowed}.</translation>
    </message>
    <message>
        <source>The size {size} is not possible: width and height must be multiples of 16, the shape between 1:3 and 3:1, and at most 3840x2160.</source>
        <translation>{size} 크기는 사용할 수 없습니다. 너비와 높이는 16의 배수, 비율은 1:3~3:1, 크기는 최대 3840x2160이어야 합니다.</translation>
    </message>
    <message>
        <source>{model} has no size setting; leave it out.</source>
        <translation>{model}에는 크기 설정이 없습니다. 지정하지 마세요.</translation>
    </message>
    <message>
        <source>{model} does not accept the size {size} (for example: {example}).</source>
        <translation>{model}은(는) {size} 크기를 지원하지 않습니다(예: {example}).</translation>
    </message>
    <message>
        <source>{model} makes one image per job.</source>
        <translation>{model}은(는) 작업당 이미지를 1장만 생성합니다.</translation>
    </message>
    <message>
        <source>Ask for 1 to {limit} images; {model} allows no more.</source>
        <translation>이미지는 1~{limit}장까지 요청하세요. {model}은(는) 그 이상을 허용하지 않습니다.</translation>
    </message>
    <message>
        <source>Moderation is either low or auto.</source>
        <translation>콘텐츠 필터는 low 또는 auto만 가능합니다.</translation>
    </message>
    <message>
        <source>Background is transparent, opaque or auto.</source>
        <translation>배경은 transparent, opaque, auto 중 하나여야 합니다.</translation>
    </message>
    <message>
        <source>A transparent background needs the PNG or WebP format.</source>
        <translation>투명 배경은 PNG 또는 WebP 형식이어야 합니다.</translation>
    </message>
    <message>
        <source>Compression is a whole number from 0 to 100.</source>
        <translation>압축률은 0~100 사이의 정수여야 합니다.</translation>
    </message>
    <message>
        <source>Compression applies only to JPEG and WebP results.</source>
        <translation>압축률은 JPEG 및 WebP 결과에만 적용됩니다.</translation>
    </message>
    <message>
        <source>{model} edits pictures: add {low} to {high} reference images.</source>
        <translation>{model}은(는) 이미지를 편집하는 모델입니다. 참조 이미지를 {low}~{high}장 추가하세요.</translation>
    </message>
    <message>
        <source>{model} does not take reference images; remove them.</source>
        <translation>{model}은(는) 참조 이미지를 사용하지 않습니다. 참조 이미지를 제거하세요.</translation>
    </message>
    <message>
        <source>{model} takes at most {high} reference images; you added {count}. Remove {over}.</source>
        <translation>{model}은(는) 참조 이미지를 최대 {high}장까지 사용합니다. 현재 {count}장이 추가되어 있으니 {over}장을 제거하세요.</translation>
    </message>
    <message>
        <source>{provider} only accepts reference images as https:// links, and {name} is a file on this computer. Set up reference hosting in your own bucket ({hosting}), paste a link to the image instead, or allow sending local files inline ({consent}).</source>
        <translation>{provider}은(는) 참조 이미지를 https:// 링크로만 받는데, {name}은(는) 이 컴퓨터에 있는 파일입니다. 내 버킷에 참조 이미지 호스팅을 설정하거나({hosting}), 대신 이미지 링크를 붙여 넣거나, 로컬 파일 직접 전송을 허용하세요({consent}).</translation>
    </message>
    <message>
        <source>{name} cannot be read: the file does not exist or is not accessible.</source>
        <extracomment>Anything above this many pixels is treated as a decompression bomb (about 90 MP). Files larger than this are refused before decoding. Formats Pillow decodes with libjpeg, which can decode at 1/2, 1/4 or 1/8 scale (`draft`). &quot;MPO&quot; is a JPEG with an MPF index (a depth map, a gain map): what many phones and cameras write, and Pillow names it by that index. Grey of more than 8 bits (a 16-bit PNG or TIFF): `convert` clips these values at 255.</extracomment>
        <translation>{name}을(를) 읽을 수 없습니다. 파일이 없거나 접근할 수 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not a file.</source>
        <translation>{name}은(는) 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes) and cannot be used as a reference.</source>
        <translation>{name}은(는) 비어 있어(0바이트) 참조 이미지로 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>{name} is too large to use as a reference.</source>
        <translation>{name}은(는) 너무 커서 참조 이미지로 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>{name} is not an image the studio can read (PNG, JPEG, WebP, ...).</source>
        <translation>{name}은(는) Image Studio에서 읽을 수 있는 이미지가 아닙니다(PNG, JPEG, WebP 등).</translation>
    </message>
    <message>
        <source>{name} has too many pixels (over 90 megapixels) to be used safely as a reference.</source>
        <translation>{name}은(는) 픽셀 수가 너무 많아(9천만 화소 초과) 참조 이미지로 안전하게 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>{name} is damaged or incomplete and cannot be used as a reference.</source>
        <translation>{name}은(는) 손상되었거나 불완전하여 참조 이미지로 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>{provider} does not document masks for {model}; remove the mask.</source>
        <translation>{provider}는 {model}에 대한 마스크를 문서화하지 않습니다. 마스크를 제거하세요.</translation>
    </message>
    <message>
        <source>A mask marks what to change in a reference image: add one first.</source>
        <translation>마스크는 참조 이미지에서 바꿀 부분을 표시합니다. 먼저 참조 이미지를 추가하세요.</translation>
    </message>
    <message>
        <source>With a mask, the first reference must be a file on this computer, so the studio can check that the mask has its size before paying.</source>
        <translation>마스크를 쓰려면 첫 번째 참조가 이 컴퓨터의 파일이어야 합니다. 그래야 결제 전에 마스크 크기가 같은지 확인할 수 있습니다.</translation>
    </message>
    <message>
        <source>{provider} takes linked reference images (or moderation on an edit) only with the sizes {allowed}, not {size}. Use files on this computer for the references and leave moderation out, or use one of those sizes.</source>
        <translation>{provider}는 링크된 참조 이미지(또는 편집 시 moderation)를 {allowed} 크기로만 받으며 {size}는 안 됩니다. 이 컴퓨터의 파일을 참조로 쓰고 moderation을 비우거나, 이 크기 중 하나를 쓰세요.</translation>
    </message>
    <message>
        <source>Input fidelity is either high or low.</source>
        <translation>입력 충실도는 high 또는 low입니다.</translation>
    </message>
    <message>
        <source>Input fidelity applies to edits: add a reference image or leave it out.</source>
        <translation>입력 충실도는 편집에만 적용됩니다. 참조 이미지를 추가하거나 이 설정을 비우세요.</translation>
    </message>
    <message>
        <source>The user id is one line of at most {limit} printable characters.</source>
        <translation>최종 사용자 ID는 인쇄 가능한 문자 최대 {limit}자의 한 줄입니다.</translation>
    </message>
    <message>
        <source>Partial images is a whole number from 0 to 3.</source>
        <translation>미리 보기 수는 0에서 3 사이의 정수입니다.</translation>
    </message>
    <message>
        <source>Live previews stream one image: ask for 1 image or turn previews off.</source>
        <translation>실시간 미리 보기는 이미지 한 장에만 됩니다. 1장을 요청하거나 미리 보기를 끄세요.</translation>
    </message>
    <message>
        <source>The mask {name} cannot be read.</source>
        <extracomment>The spec&apos;s limit for a mask file.</extracomment>
        <translation>마스크 {name}을(를) 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>The mask {name} must be a PNG file.</source>
        <translation>마스크 {name}은(는) PNG 파일이어야 합니다.</translation>
    </message>
    <message>
        <source>The mask {name} is larger than 4 MB.</source>
        <translation>마스크 {name}이(가) 4MB보다 큽니다.</translation>
    </message>
    <message>
        <source>The mask {name} is damaged.</source>
        <translation>마스크 {name}이(가) 손상되었습니다.</translation>
    </message>
    <message>
        <source>The mask {name} has no transparent pixels: paint (make transparent) the parts the model should change.</source>
        <translation>마스크 {name}에 투명한 픽셀이 없습니다. 모델이 바꿀 부분을 칠하세요(투명하게).</translation>
    </message>
    <message>
        <source>The mask {name} is {size}; it must be the size of the first reference image ({expected}).</source>
        <translation>마스크 {name}의 크기는 {size}입니다. 첫 번째 참조 이미지와 같은 크기({expected})여야 합니다.</translation>
    </message>
</context>
<context>
    <name>studio.values</name>
    <message>
        <source>auto</source>
        <extracomment>API values the selectors offer that are words; everything else (1k, 16:9, png) shows as is.</extracomment>
        <translation>자동</translation>
    </message>
    <message>
        <source>low</source>
        <translation>낮음</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>중간</translation>
    </message>
    <message>
        <source>high</source>
        <translation>높음</translation>
    </message>
    <message>
        <source>opaque</source>
        <translation>불투명</translation>
    </message>
    <message>
        <source>transparent</source>
        <translation>투명</translation>
    </message>
    <message>
        <source>{amount} credits</source>
        <translation>{amount} 크레딧</translation>
    </message>
    <message>
        <source>Not charged</source>
        <translation>청구되지 않음</translation>
    </message>
    <message>
        <source>≈ {amount}</source>
        <translation>≈ {amount}</translation>
    </message>
    <message>
        <source>The provider charged nothing for this job.</source>
        <translation>공급자가 이 작업에 요금을 청구하지 않았습니다.</translation>
    </message>
    <message>
        <source>What the provider charged.</source>
        <translation>공급자가 청구한 금액입니다.</translation>
    </message>
    <message>
        <source>An estimate from the prices; the provider has not reported a charge.</source>
        <translation>가격표에 따른 예상 금액입니다. 공급자가 아직 청구를 알리지 않았습니다.</translation>
    </message>
    <message>
        <source>This provider does not report a price.</source>
        <translation>이 공급자는 가격을 알려 주지 않습니다.</translation>
    </message>
</context>
<context>
    <name>studio.waits</name>
    <message>
        <source>an API key is needed</source>
        <extracomment>Why a held job waits, by the kind recorded (the window shows &quot;Waiting: &lt;reason&gt;&quot;).</extracomment>
        <translation>API 키가 필요합니다</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>디스크가 가득 찼습니다</translation>
    </message>
    <message>
        <source>the library folder cannot be written</source>
        <translation>라이브러리 폴더에 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>{reason}; retrying in {seconds} s</source>
        <translation>{reason}. {seconds}초 후 다시 시도합니다</translation>
    </message>
    <message>
        <source>The download from {provider} was interrupted</source>
        <translation>{provider}에서 다운로드가 중단되었습니다</translation>
    </message>
    <message>
        <source>{provider} sent a garbled reply</source>
        <extracomment>The in-process demo&apos;s address; reachable only through an injected transport. Connections one client keeps open, idle or not: above any per-provider job limit the settings offer, so running jobs reuse connections instead of reconnecting per call. Idle connections are closed after this long: well before the 5 s after which uvicorn, Node and Apache close them by default, and longer than the engine&apos;s 2 s between polls.</extracomment>
        <translation>{provider}이(가) 손상된 응답을 보냈습니다</translation>
    </message>
    <message>
        <source>{provider} sent an unreadable reply</source>
        <translation>{provider}이(가) 읽을 수 없는 응답을 보냈습니다</translation>
    </message>
    <message>
        <source>Cannot reach {provider}</source>
        <extracomment>Reads a provider&apos;s error envelope from a reply.</extracomment>
        <translation>{provider}에 연결할 수 없습니다</translation>
    </message>
    <message>
        <source>{provider} is slow to answer</source>
        <translation>{provider}의 응답이 느립니다</translation>
    </message>
    <message>
        <source>The connection to {provider} dropped</source>
        <translation>{provider}와(과)의 연결이 끊어졌습니다</translation>
    </message>
    <message>
        <source>Rate limited by {provider}</source>
        <extracomment>Told about every wait before a retry: why (translatable, e.g. &quot;Rate limited by JoyAI&quot;) and the seconds. A `Retry-After` longer than this is not waited out: the call gives up and reports it. icodeeasy: hold the create call open until the images are ready instead of `?async=1`. Read timeout of paid create calls; icodeeasy holds a synchronous call up to ~200 s. Largest JSON reply read into memory (OpenAI&apos;s inline images get `max_inline_reply_bytes`). Use HTTP(S)_PROXY / NO_PROXY from the environment.</extracomment>
        <translation>{provider}의 요청 한도에 도달했습니다</translation>
    </message>
    <message>
        <source>{provider} is busy (HTTP {status})</source>
        <translation>{provider}이(가) 혼잡합니다(HTTP {status})</translation>
    </message>
    <message>
        <source>the disk holding the journal is full</source>
        <translation>저널이 있는 디스크가 가득 찼습니다</translation>
    </message>
</context>
</TS>
